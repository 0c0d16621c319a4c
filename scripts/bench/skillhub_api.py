"""The SkillHub client the bench scripts share: JSON over HTTP, authenticated with an API key
(X-API-Key) or a JWT (Authorization: Bearer); a failed call raises APIError with the answer."""
import json
import urllib.error
import urllib.request


class APIError(Exception):
    """A call that failed: `status` is the HTTP status of an answer, None when none came."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class API:
    def __init__(self, base, key, timeout=120):
        self.base = base.rstrip("/")
        self.timeout = timeout
        self.headers = {"Authorization": "Bearer " + key} if key.count(".") == 2 else {"X-API-Key": key}

    def call(self, method, path, body=None, timeout=None):
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path, data=data, method=method, headers={"Content-Type": "application/json", **self.headers}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise APIError(f"{method} {path} answered {error.code}: {error.read().decode(errors='replace')[:500]}", error.code) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            raise APIError(f"{method} {path} failed: {error}") from None
        return json.loads(raw) if raw else None
