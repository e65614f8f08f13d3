"""The discovery documents google-api-python-client ships, and routing by them.

Both sides read the same packaged documents: the client builds its services from them (with
`rootUrl` replaced to reach the sandbox, since upload URLs follow `rootUrl` and not
`api_endpoint`), and the sandbox routes requests and checks scopes with them, so the two cannot
drift apart. The client-side quota meter uses the same routing to name each call.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

DATA_API = "youtube.v3"
ANALYTICS_API = "youtubeAnalytics.v2"


@functools.cache
def document(name: str) -> str:
    """The packaged discovery document `name` ("youtube.v3"), as JSON text."""
    return resources.files("googleapiclient.discovery_cache").joinpath("documents", f"{name}.json").read_text("utf-8")


def document_for(name: str, root_url: str) -> str:
    """The packaged document with its rootUrl (and so its upload URLs) pointing at `root_url`."""
    doc = json.loads(document(name))
    doc["rootUrl"] = root_url.rstrip("/") + "/"
    doc["mtlsRootUrl"] = doc["rootUrl"]
    return json.dumps(doc)


@dataclass(frozen=True)
class ApiMethod:
    id: str  # "youtube.videos.insert"
    http_method: str
    scopes: tuple[str, ...]
    upload: bool  # served under /upload/...

    @property
    def name(self) -> str:
        """The id without the API prefix: the key of the quota table ("videos.insert")."""
        return self.id.split(".", 1)[1]


@functools.cache
def _routes() -> list[tuple[str, re.Pattern[str], ApiMethod]]:
    routes = []
    for api in (DATA_API, ANALYTICS_API):
        doc = json.loads(document(api))
        base = doc["servicePath"]

        def walk(resource: dict, base: str = base) -> None:
            for method in resource.get("methods", {}).values():
                path = base + method["path"]
                pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))
                uploads = [False] + ([True] if "mediaUpload" in method else [])
                for upload in uploads:
                    prefix = "upload/" if upload else ""
                    info = ApiMethod(method["id"], method["httpMethod"], tuple(method.get("scopes", ())), upload)
                    routes.append((method["httpMethod"], re.compile(f"/{prefix}{pattern}"), info))
            for sub in resource.get("resources", {}).values():
                walk(sub)

        walk(doc)
    return routes


def match(http_method: str, path: str) -> ApiMethod | None:
    """The API method a request is calling (path without the query string), or None."""
    for verb, pattern, info in _routes():
        if verb == http_method and pattern.fullmatch(path):
            return info
    return None
