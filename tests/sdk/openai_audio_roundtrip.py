"""Round-trip of the official `openai` SDK's audio surface against the fake OpenAI server.

Speech in MP3 (the default), WAV and raw PCM, streamed to a file as the SDK's docs show; a
transcription of that MP3 with word timestamps (`verbose_json`, `timestamp_granularities`)
giving back the words spoken; a wrong key, a spent quota (429 `insufficient_quota`) and an
unsupported transcription format as the SDK's typed errors; a 429 armed on the fake retried
by the SDK. Prints `ok` on the last line.
Environment: FAKE_BASE_URL (the fake's root), FAKE_KEY; the account holds about 500 characters.
"""

import json
import os
import sys
import tempfile
import urllib.request

import openai
from openai import OpenAI

root = os.environ["FAKE_BASE_URL"]
key = os.environ["FAKE_KEY"]
client = OpenAI(api_key=key, base_url=f"{root}/v1", max_retries=0)

models = client.models.list()
assert any(m.id == "tts-1" for m in models.data), models

text = "Three Python tips."
mp3 = client.audio.speech.create(model="tts-1", voice="coral", input=text).content
assert mp3[:3] == b"ID3" or (mp3[0] == 0xFF and mp3[1] & 0xE0 == 0xE0), mp3[:8]
wav = client.audio.speech.create(
    model="tts-1", voice="coral", input="Hello.", response_format="wav"
).content
assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE", wav[:12]
pcm = client.audio.speech.create(
    model="tts-1", voice="coral", input="Hello.", response_format="pcm", speed=1.5
).content
assert len(pcm) > 0 and len(pcm) % 2 == 0

with tempfile.TemporaryDirectory() as folder:
    path = os.path.join(folder, "speech.mp3")
    with client.audio.speech.with_streaming_response.create(
        model="gpt-4o-mini-tts", voice="coral", input=text, instructions="Warm."
    ) as response:
        response.stream_to_file(path)
    with open(path, "rb") as f:
        streamed = f.read()
    assert streamed[:3] == mp3[:3], streamed[:8]

    with open(path, "rb") as f:
        heard = client.audio.transcriptions.create(
            model="whisper-1",
            file=f,
            response_format="verbose_json",
            timestamp_granularities=["word"],
        )
    assert heard.text == text, heard.text
    words = [w.word for w in heard.words]
    assert words == ["Three", "Python", "tips"], words
    assert all(a.end <= b.start for a, b in zip(heard.words, heard.words[1:])), heard.words

    try:
        with open(path, "rb") as f:
            client.audio.transcriptions.create(
                model="gpt-4o-transcribe", file=f, response_format="verbose_json"
            )
        sys.exit("gpt-4o-transcribe accepted verbose_json")
    except openai.BadRequestError as e:
        assert "json" in str(e), e

try:
    OpenAI(api_key="wrong-key-0123456789", base_url=f"{root}/v1", max_retries=0).audio.speech.create(
        model="tts-1", voice="coral", input="Hi."
    )
    sys.exit("a wrong key was accepted")
except openai.AuthenticationError:
    pass

try:
    client.audio.speech.create(model="tts-1", voice="coral", input="x" * 600)
    sys.exit("a spent quota was accepted")
except openai.RateLimitError as e:
    assert e.code == "insufficient_quota", e.body

arm = urllib.request.Request(
    f"{root}/__fake/faults",
    data=json.dumps(
        {"route": "create", "fault": {"kind": "rate_limited", "retry_after_s": 0}, "times": 1}
    ).encode(),
    headers={"Content-Type": "application/json"},
    method="POST",
)
urllib.request.urlopen(arm).read()
retrying = OpenAI(api_key=key, base_url=f"{root}/v1", max_retries=2)
assert retrying.audio.speech.create(model="tts-1", voice="coral", input="Again.").content
print("ok")
