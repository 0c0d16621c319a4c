"""Schemathesis hooks for scripts/contract.sh: which credential each operation is called with.

Loaded by schemathesis (SCHEMATHESIS_HOOKS=hooks); the credentials come from the environment
that scripts/contract/run.py sets after creating the contract tenants.
"""
import json
import os
import urllib.request

import schemathesis

BASE = os.environ["CONTRACT_BASE_URL"]
ROOT_KEY = os.environ["CONTRACT_ROOT_KEY"]
ADMIN_TOKEN = os.environ["CONTRACT_ADMIN_TOKEN"]
# The revoke route revokes the token it is called with, so each call gets a fresh token (the account
# admin's token used everywhere else is never revoked). Issued from the root key: the tenancy routes,
# called with root, may rotate or delete any user's keys, the contract account's users included.
REVOKE_KEY = ROOT_KEY


def _issue_token(key: str) -> str:
    request = urllib.request.Request(BASE + "/api/v1/auth/token", method="POST", headers={"X-API-Key": key})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["access_token"]


# The tenancy routes are called with the root key: root may create accounts, add and delete users
# and rotate keys, so the stateful phase can go account → user → key → delete. An account admin
# would only see 403 for every account but its own.
@schemathesis.auth().apply_to(path_regex="^/api/v1/admin/")
class RootKey:
    def get(self, case, context):
        return ROOT_KEY

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["X-API-Key"] = data


@schemathesis.auth(refresh_interval=None).apply_to(path="/api/v1/auth/revoke")
class FreshToken:
    def get(self, case, context):
        return _issue_token(REVOKE_KEY)

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


# Everything else: a real access token of an account admin (every scope: skills, invoke, knowledge, admin).
@schemathesis.auth().skip_for(path_regex="^/api/v1/admin/").skip_for(path="/api/v1/auth/revoke")
class AdminToken:
    def get(self, case, context):
        return ADMIN_TOKEN

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
