"""Child process of the crash test: queue one file and upload it until killed.

    python upload_crash_driver.py DATA_DIR BASE_URL API_KEY FILE

Prints ``video <videoId>`` once the video exists and the queue's state is on disk, then keeps
uploading (the test kills it with SIGKILL part-way through; nothing is cleaned up on purpose).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

# Run as a script: make the repository importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from studio.api import ApiVideoClient
from studio.services.upload_queue import UploadQueue
from tests.services.upload_helpers import make_context, wait_for


async def main(data_dir: Path, base_url: str, api_key: str, file: Path) -> None:
    client = ApiVideoClient(api_key, base_url=base_url)
    context = make_context(client, data_dir, chunk_size_mib=5, parts_in_flight=1)
    queue = UploadQueue(context)
    context.uploads = queue
    await queue.start()
    await queue.add_paths([file])
    (item,) = queue.items
    await wait_for(lambda: item.video_id is not None and item.state is not None, what="a state")
    await queue.flush()
    print(f"video {item.video_id}", flush=True)
    await asyncio.Event().wait()  # until SIGKILL


if __name__ == "__main__":
    data, url, key, path = sys.argv[1:5]
    asyncio.run(main(Path(data), url, key, Path(path)))
