"""Per-address limits through the real nginx (deploy/nginx.conf), with clients at several loopback addresses.

    python scripts/address_checks.py NGINX_URL

The app server behind nginx runs with TRUSTED_PROXY_COUNT=1, READER_POST_RATE_PER_IP=3/m,
COMMENT_RATE_PER_IP=3/h and a per-reader comment limit high enough never to be the one that answers
(see faulttest.sh); the reader accounts ana@ and ben@example.com exist. Each check is something a
single shared address would get wrong: one address's failures or posts must not limit another's, and
an X-Forwarded-For sent by a client must not move it to another address.

Prints one line per check; exits non-zero if any fails.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from probe import EDITOR, FAILED, Browser, article_path, check, react  # noqa: E402

N = sys.argv[1].rstrip("/")
FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
READER_PASSWORD = os.environ.get("READER_PASSWORD", "faulttest-reader-passphrase-9")
JSON = {"Accept": "application/json"}


def admin_login(browser, password, **kwargs):
    """The editor's name and a password on the one sign-in page (the admin's sign-in sends there)."""
    return browser.password_step(password, **kwargs)


def reader_login(browser, email, password=READER_PASSWORD):
    return browser.post("/accounts/login/", {"login": email, "password": password})


def spoofing(address):
    return {"headers": {"X-Forwarded-For": address}}


# 1. The editor's password guessed wrong from one address: that address is locked, the editor is not.
attacker = Browser(N, "127.0.0.2")
statuses = [admin_login(attacker, "wrong").status_code for _ in range(FAILURE_LIMIT)]
locked = admin_login(attacker, EDITOR[1])
check(
    f"an attacker at 127.0.0.2 is locked out after {FAILURE_LIMIT} wrong admin passwords",
    locked.status_code == 429 and locked.headers.get("Retry-After") == "900",
    f"{statuses} then {locked.status_code}, Retry-After {locked.headers.get('Retry-After')}",
)
check(
    "the lock-out says when to try again in words",
    "Try again in 15 minutes" in locked.text and "PT15M" not in locked.text,
)
disguised = admin_login(attacker, EDITOR[1], **spoofing("127.0.0.3"))
check(
    "the attacker's X-Forwarded-For naming the editor's address is ignored",
    disguised.status_code == 429,
    f"{disguised.status_code}",
)
editor = Browser(N, "127.0.0.3")
signed = editor.sign_in()
check(
    "the editor signs in from 127.0.0.3 meanwhile (password and authenticator app)",
    signed.status_code == 302 and editor.signed_in(),
    f"{signed.status_code}",
)

# 2. Eleven wrong reader sign-ins from one address: that address waits, other readers do not.
guesser = Browser(N, "127.0.0.4")
statuses = [reader_login(guesser, f"nobody{n}@example.com", "wrong").status_code for n in range(11)]
refused = reader_login(guesser, "ana@example.com")
check(
    "11 wrong reader sign-ins from 127.0.0.4 hold that address back",
    refused.status_code == 429
    or (refused.status_code == 200 and "Too many failed login attempts" in refused.text),
    f"{statuses[-1]} x11, then the right password {refused.status_code}",
)
ben = Browser(N, "127.0.0.5")
check(
    "a reader at 127.0.0.5 signs in meanwhile",
    reader_login(ben, "ben@example.com").status_code == 302,
)

# 3. Reactions: the per-address limit (3 a minute) counts each address on its own.
article = article_path(N)
crowd = [react(N, "love", Browser(N, "127.0.0.6"))[0] for _ in range(4)]
check("reactions from 127.0.0.6 are limited after 3", crowd == [200, 200, 200, 429], f"{crowd}")
other, _ = react(N, "love", Browser(N, "127.0.0.7"))
check("a reader at 127.0.0.7 reacts meanwhile", other == 200, f"{other}")
forged = Browser(N, "127.0.0.6")
forged.get(article)
status = forged.post(article + "react/", {"kind": "love"}, headers={**JSON, "X-Forwarded-For": "127.0.0.77"})
check(
    "a reaction from 127.0.0.6 claiming another address is still limited",
    status.status_code == 429,
    f"{status.status_code}",
)

# 4. Comments: the per-address limit (3 an hour) counts each address on its own.
ana = Browser(N, "127.0.0.8")
reader_login(ana, "ana@example.com")
posts = [
    ana.post(article + "comments/", {"body": f"Ana's take number {n}."}, headers=JSON).status_code
    for n in range(4)
]
check("comments from 127.0.0.8 are limited after 3", posts == [201, 201, 201, 429], f"{posts}")
answer = ben.post(article + "comments/", {"body": "Ben, from another address."}, headers=JSON)
check("a reader at 127.0.0.5 comments meanwhile", answer.status_code == 201, f"{answer.status_code}")
forged = ana.post(
    article + "comments/", {"body": "Ana, pretending."}, headers={**JSON, "X-Forwarded-For": "127.0.0.99"}
)
check("a comment claiming another address is still limited", forged.status_code == 429, forged.status_code)

sys.exit(1 if FAILED else 0)
