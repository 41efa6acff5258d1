"""`reelforge mcp` driven by the official MCP Python SDK (`mcp`) over stdio.

Lists the tools, then create_job (from a template) → configure_segments → launch_job →
get_job until the generation ends → assemble_job, each a tool call with the command's own
request. Env: REELFORGE_BIN (the binary), REELFORGE_DATA_DIR. Prints the tool names, then
the final video's path last.
"""

import asyncio
import json
import os
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def call(session, tool, request):
    result = await session.call_tool(tool, {"request": request})
    text = result.content[0].text
    if result.isError:
        sys.exit(f"{tool} failed: {text}")
    return json.loads(text)


async def main():
    params = StdioServerParameters(
        command=os.environ["REELFORGE_BIN"],
        args=["mcp"],
        env={"REELFORGE_DATA_DIR": os.environ["REELFORGE_DATA_DIR"], "PATH": os.environ["PATH"]},
    )
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = await session.list_tools()
            print("tools:", ",".join(sorted(tool.name for tool in tools.tools)))

            templates = await call(session, "list_templates", None)
            reels = next(t for t in templates if t["name"] == "Reels 30s Standard")
            job = await call(session, "create_job", {"title": "From an agent", "template_id": reels["id"]})
            patch = {"job_id": job["id"], "patch": {"prompt": "Use pathlib", "duration_s": 1}}
            configured = await call(session, "configure_segments", patch)
            assert configured["status"] == "configured", configured
            await call(session, "launch_job", job["id"])
            # An agent reads the status until the generation ends.
            for _ in range(600):
                status = await call(session, "get_job", job["id"])
                if status["status"] not in ("queued", "generating"):
                    break
                await asyncio.sleep(0.5)
            assert status["status"] == "review", status["status"]

            missing = await session.call_tool("get_job", {"request": "no-such-job"})
            assert missing.isError and json.loads(missing.content[0].text)["code"] == "not_found"

            assembled = await call(session, "assemble_job", {"job_id": job["id"]})
            print(assembled["output"])


asyncio.run(main())
