#!/usr/bin/env python3
"""Prepares a benchmark run: an account with a service user and a token, a
plain user and its token (for invoke: a service user may not invoke), and
1,000 registered skills (one endpoint each). Writes what the wrk scripts read
into the directory given as the third argument."""
import json
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

base, root_key, out = sys.argv[1], sys.argv[2], sys.argv[3]
SKILLS = 1000
BATCH = 500


def call(method, path, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


admin = call("POST", "/api/v1/admin/accounts", {"account_id": "bench", "admin_user_id": "admin"}, {"X-API-Key": root_key})["result"]["user_key"]
service = call("POST", "/api/v1/admin/accounts/bench/users", {"user_id": "svc", "role": "service"}, {"X-API-Key": admin})["result"]["user_key"]
token = call("POST", "/api/v1/auth/token", headers={"X-API-Key": service})["access_token"]
auth = {"Authorization": "Bearer " + token}
caller = call("POST", "/api/v1/admin/accounts/bench/users", {"user_id": "caller", "role": "user"}, {"X-API-Key": admin})["result"]["user_key"]
invoke_token = call("POST", "/api/v1/auth/token", headers={"X-API-Key": caller})["access_token"]


def register(index):
    body = {
        "name": f"seed-{index:04d}", "version": "1.0.0", "description": "benchmark skill",
        "endpoints": [{"url": f"http://10.{index // 250}.{index % 250}.1:8080", "weight": 1}],
        "capabilities": [{"name": "run", "category": f"group-{index % 10}"}],
    }
    data = call("POST", "/api/v1/skills/register", body, auth)["data"]
    return data["skill_id"], data["endpoints"][0]["endpoint_id"]


with ThreadPoolExecutor(max_workers=16) as pool:
    pairs = list(pool.map(register, range(SKILLS)))

with open(f"{out}/token", "w") as f:
    f.write(token)
with open(f"{out}/invoke-token", "w") as f:
    f.write(invoke_token)
with open(f"{out}/endpoints.txt", "w") as f:
    f.writelines(f"{skill} {endpoint}\n" for skill, endpoint in pairs)
with open(f"{out}/batch.json", "w") as f:
    json.dump({"heartbeats": [{"endpoint_id": endpoint, "in_flight": 1} for _, endpoint in pairs[:BATCH]]}, f)
print(f"registered {SKILLS} skills; batch of {BATCH}")
