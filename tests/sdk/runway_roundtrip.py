"""Runway round-trip with the official `runwayml` SDK against the fake Runway API.

Env: FAKE_BASE_URL (the fake's root), FAKE_KEY, FAKE_IMAGE (a PNG path). Uploads the image
(uploads.create_ephemeral: POST /v1/uploads + the presigned multipart POST), creates a Gen-4
Turbo image-to-video task from its runway:// URI and a Gen-4.5 text-to-video task, follows
both with tasks.retrieve and the SDK's wait_for_task_output, deletes a finished task and
checks it is gone. Prints the image-to-video output URL on the last line.
"""

import os
import time

import runwayml
from runwayml import RunwayML

client = RunwayML(
    api_key=os.environ["FAKE_KEY"], base_url=os.environ["FAKE_BASE_URL"], max_retries=0
)


def follow(created):
    """tasks.retrieve until the task leaves PENDING/THROTTLED/RUNNING, then the SDK's own
    wait helper (which sleeps ~6 s before its first read) for the final object."""
    seen = []
    for _ in range(10):
        task = client.tasks.retrieve(created.id)
        seen.append(task.status)
        if task.status not in ("PENDING", "THROTTLED", "RUNNING"):
            break
        time.sleep(0.05)
    assert seen[-1] == "SUCCEEDED", seen
    assert "PENDING" in seen and "RUNNING" in seen, seen
    done = created.wait_for_task_output(timeout=60)
    assert done.status == "SUCCEEDED" and done.output, done
    return done


with open(os.environ["FAKE_IMAGE"], "rb") as f:
    upload = client.uploads.create_ephemeral(file=("first.png", f.read()))
assert upload.uri.startswith("runway://"), upload

t2v = client.text_to_video.create(
    model="gen4.5", prompt_text="a lighthouse at dusk", ratio="720:1280", duration=4
)
t2v_done = follow(t2v)
client.tasks.delete(t2v.id)
try:
    client.tasks.retrieve(t2v.id)
    raise AssertionError("a deleted task can still be fetched")
except runwayml.NotFoundError:
    pass

i2v = client.image_to_video.create(
    model="gen4_turbo",
    prompt_image=upload.uri,
    prompt_text="slow push in",
    ratio="1280:720",
    duration=5,
)
done = follow(i2v)
print(t2v_done.output[0])
print(done.output[0])
