"""A model asked for by two threads at once (a step and its warm-up) is loaded once."""

from __future__ import annotations

import threading
import time

from videokit.loading import loaded_once


def test_two_threads_asking_at_once_share_one_load() -> None:
    loads: list[str] = []

    @loaded_once
    def model(name: str) -> object:
        loads.append(name)
        time.sleep(0.2)  # long enough for the second thread to ask while the first loads
        return object()

    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(model("fr"))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert loads == ["fr"] and got[0] is got[1] is got[2]
    assert model("en") is not got[0] and loads == ["fr", "en"]
