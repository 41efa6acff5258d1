"""Round-trip of the official `lumaai` SDK against the fake Luma server.

`lumaai` covers the Dream Machine API only (ray-2 / ray-flash-2), so this exercises that
surface: credits, create, get until completed (the SDK has no wait helper), list, delete.
Prints the output URL on the last line.
Environment: FAKE_BASE_URL, FAKE_KEY, optional FAKE_MODEL (default ray-2).
"""

import os
import sys
import time

from lumaai import LumaAI, NotFoundError, AuthenticationError

base = os.environ["FAKE_BASE_URL"]
key = os.environ["FAKE_KEY"]
model = os.environ.get("FAKE_MODEL", "ray-2")

client = LumaAI(auth_token=key, base_url=base, max_retries=0)

credits = client.credits.get()
assert credits.credit_balance >= 0, credits

generation = client.generations.create(
    model=model,
    prompt="a lighthouse at dawn, slow dolly in",
    aspect_ratio="9:16",
    duration="5s",
    resolution="720p",
    loop=False,
)
assert generation.id, generation
assert generation.state == "queued", generation.state

seen = []
for _ in range(20):
    generation = client.generations.get(generation.id)
    seen.append(generation.state)
    if generation.state == "completed":
        break
    if generation.state == "failed":
        sys.exit(f"generation failed: {generation.failure_reason}")
    time.sleep(0.05)
else:
    sys.exit(f"never completed: {seen}")

assert seen[:2] == ["queued", "dreaming"], seen
assert generation.assets is not None and generation.assets.video, generation
assert generation.created_at is not None

listed = client.generations.list(limit=10, offset=0)
assert any(g.id == generation.id for g in listed.generations), listed

try:
    client.generations.get("00000000-0000-0000-0000-000000000000")
    sys.exit("an unknown id did not raise")
except NotFoundError:
    pass

try:
    LumaAI(auth_token="wrong", base_url=base, max_retries=0).credits.get()
    sys.exit("a wrong key did not raise")
except AuthenticationError:
    pass

print(f"states: {' -> '.join(seen)}", file=sys.stderr)
print(generation.assets.video)
