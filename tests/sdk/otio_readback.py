"""Reads Reelforge's editor timelines back with OpenTimelineIO and its own adapters.

Usage: otio_readback.py FILE... ; prints one JSON object per file: its video clips (name,
duration in frames, media URL), its audio clips, its marker count, its video transitions
(type, in and out offsets in frames) and the video track's length in frames, as
OpenTimelineIO reads them (`.otio` natively, `.fcpxml` through otio-fcpx-xml-adapter, `.edl`
through otio-cmx3600-adapter). otio-fcpx-xml-adapter 1.0 drops `<transition>` elements, so
an `.fcpxml`'s transitions are read from its spine with ElementTree.
"""

import json
import sys
import xml.etree.ElementTree as ElementTree

import opentimelineio as otio


def read(path):
    if path.endswith(".edl"):
        return otio.adapters.read_from_file(path, adapter_name="cmx_3600", rate=30)
    if path.endswith(".fcpxml"):
        return otio.adapters.read_from_file(path, adapter_name="fcpx_xml")
    return otio.adapters.read_from_file(path)


def clips(track):
    out = []
    for item in track:
        if isinstance(item, otio.schema.Clip):
            ref = item.media_reference
            url = getattr(ref, "target_url", None)
            out.append(
                {
                    "name": item.name,
                    "frames": round(item.duration().rescaled_to(30).value),
                    "url": url,
                }
            )
    return out


def frames(time):
    return round(time.rescaled_to(30).value)


def transitions(track):
    return [
        {
            "type": item.transition_type,
            "in": frames(item.in_offset),
            "out": frames(item.out_offset),
        }
        for item in track
        if isinstance(item, otio.schema.Transition)
    ]


def fcpxml_transitions(path):
    spine = ElementTree.parse(path).getroot().find(".//sequence/spine")
    out = []
    for item in spine.findall("transition"):
        num, den = item.get("duration").rstrip("s").split("/")
        out.append({"type": item.get("name"), "in": 0, "out": round(int(num) * 30 / int(den))})
    return out


for path in sys.argv[1:]:
    timeline = read(path)
    if isinstance(timeline, otio.schema.SerializableCollection):
        timeline = next(iter(timeline.find_children(descended_from_type=otio.schema.Timeline)))
    video, audio, markers, fades, length = [], [], 0, [], 0
    for track in timeline.tracks:
        markers += len(track.markers)
        for item in track.find_clips():
            markers += len(item.markers)
        if track.kind == otio.schema.TrackKind.Video:
            video.extend(clips(track))
            fades.extend(transitions(track))
            length = max(length, frames(track.duration()))
        else:
            audio.extend(clips(track))
    if path.endswith(".fcpxml"):
        fades = fcpxml_transitions(path)
    print(
        json.dumps(
            {
                "file": path,
                "video": video,
                "audio": audio,
                "markers": markers,
                "transitions": fades,
                "frames": length,
            }
        )
    )
