"""A local stand-in for YouTube: Data API v3, Analytics API v2 and the OAuth endpoints on loopback.

What it models: the methods videokit calls (videos.insert/list/update, captions.insert/list/
download, thumbnails.set, playlists.insert/list, playlistItems.insert/list incl. the uploads
playlist, channels.list, videoCategories.list, commentThreads.list, comments.insert (replies) and
comments.setModerationStatus (204, owner only, banAuthor with rejected only), youtubeAnalytics reports.query for views, minutes,
average view duration and subscribers by day, video, traffic source and YouTube search term), the
resumable, multipart and simple upload protocols, Google's JSON error shape, YouTube's metadata
validation (videokit.youtube.limits), scopes from the discovery documents, quota with the real
unit costs (videokit.youtube.quota) reset at midnight Pacific, the installed-app OAuth flow with
auto-consent (loopback redirect only, PKCE), refresh, revocation (invalid_grant) and expiry,
"locked private" uploads of an unaudited API project, processing that takes a few seconds, and
a deterministic simulated audience (everything invented is labelled "simulated": true).

What it does not model: transcoding and playback quality, search.list, top-level comments posted
through the API (commentThreads.insert: viewers' comments come from `seed_comments`), comment
ratings and the likelySpam classifier, live streaming,
content ID, channel verification, localizations, per-minute rate limits (inject 403/429 faults
instead), Analytics metrics and dimensions other than the above, ETag preconditions, upload size
limits, and how Google ranks videos.
"""

from videokit.youtube.sandbox.faults import Fault, FaultPlan
from videokit.youtube.sandbox.seed import seed_channel, seed_comments
from videokit.youtube.sandbox.server import SandboxServer, start_sandbox
from videokit.youtube.sandbox.state import SandboxState

__all__ = ["Fault", "FaultPlan", "SandboxServer", "SandboxState", "seed_channel", "seed_comments", "start_sandbox"]
