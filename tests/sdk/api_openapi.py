"""The automation API's OpenAPI document, checked with PyPI's validators.

openapi-spec-validator validates the document served at /api/v1/openapi.json; openapi-core
then builds a create_job request from it (server URL and path from the document), validates
it against the request schema, sends it, and validates the answer against the response
schema; an error answer is validated against its `{code, message}` schema, and a request of
the wrong type is refused by the document before it is sent.

Env: API_BASE (http://127.0.0.1:<port>), API_TOKEN. Prints the created job's id last.
"""

import os
import sys

import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_core.validation.request.exceptions import RequestValidationError
from openapi_spec_validator import validate

base = os.environ["API_BASE"]
session = requests.Session()
session.headers["Authorization"] = "Bearer " + os.environ["API_TOKEN"]

spec = session.get(base + "/api/v1/openapi.json").json()
validate(spec)
api = OpenAPI.from_dict(spec)

operations = sorted(
    op["operationId"] for item in spec["paths"].values() for method, op in item.items()
    if method == "post" and not op.get("x-upload")
)
print("commands:", ",".join(operations))

server = spec["servers"][0]["url"]


def prepared(command, body):
    request = requests.Request("POST", server + "/api/v1/" + command, json=body)
    return session.prepare_request(request)


def round_trip(command, body, status):
    request = prepared(command, body)
    api.validate_request(RequestsOpenAPIRequest(request))
    response = session.send(request)
    assert response.status_code == status, (command, response.status_code, response.text)
    api.validate_response(RequestsOpenAPIRequest(request), RequestsOpenAPIResponse(response))
    return response.json()


job = round_trip("create_job", {"title": "From the OpenAPI document", "segment_count": 2}, 200)
assert job["status"] == "draft", job
read = round_trip("get_job", job["id"], 200)
assert read["id"] == job["id"], read
missing = round_trip("get_job", "no-such-job", 404)
assert missing["code"] == "not_found", missing

try:
    api.validate_request(RequestsOpenAPIRequest(prepared("create_job", {"title": 5})))
except RequestValidationError:
    pass
else:
    sys.exit("a create_job with a numeric title passed the document's request schema")

print(job["id"])
