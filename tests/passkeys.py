"""A software security key for the tests: what a browser and an authenticator send allauth's
WebAuthn pages, computed here with `cryptography` (an ES256 key pair) and fido2's CBOR encoder.

It answers the options a page puts in its `js_data` script (`creation_options` to register,
`request_options` to sign in) as webauthn-json's `create()` and `get()` would post them: JSON
with base64url fields, "none" attestation, the user-present flag set. The server's side (fido2's
`Fido2Server` in allauth) checks it all: the challenge, the relying party's hash, the signature.
"""

import hashlib
import json
import os
import re
import struct
from base64 import urlsafe_b64decode, urlsafe_b64encode

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2 import cbor
from fido2.cose import ES256

USER_PRESENT = 0x01
ATTESTED_DATA = 0x40


def b64(data):
    return urlsafe_b64encode(data).decode("ascii").rstrip("=")


def unb64(text):
    return urlsafe_b64decode(text + "=" * (-len(text) % 4))


def page_options(html):
    """The options in a page's `<script id="js_data" type="application/json">` (json_script)."""
    match = re.search(r'<script id="js_data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the page carries no WebAuthn options"
    return json.loads(match.group(1))


class SoftwareKey:
    """One credential, as a security key holds it, for one relying party."""

    def __init__(self, origin="http://testserver"):
        self.origin = origin
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.sign_count = 0
        self.rp_id = None

    def client_data(self, kind, challenge):
        data = {"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": False}
        return json.dumps(data).encode()

    def authenticator_data(self, flags, attested=b""):
        self.sign_count += 1
        rp_hash = hashlib.sha256(self.rp_id.encode()).digest()
        return rp_hash + bytes([flags]) + struct.pack(">I", self.sign_count) + attested

    def create(self, creation_options):
        """The credential webauthn-json's create() posts for `creation_options`."""
        options = creation_options["publicKey"]
        self.rp_id = options["rp"]["id"]
        cose_key = cbor.encode(dict(ES256.from_cryptography_key(self.private_key.public_key())))
        attested = bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id + cose_key
        auth_data = self.authenticator_data(USER_PRESENT | ATTESTED_DATA, attested)
        attestation = cbor.encode({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "type": "public-key",
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "authenticatorAttachment": "cross-platform",
            "response": {
                "clientDataJSON": b64(self.client_data("webauthn.create", options["challenge"])),
                "attestationObject": b64(attestation),
                "transports": ["usb"],
            },
            "clientExtensionResults": {},
        }

    def get(self, request_options):
        """The assertion webauthn-json's get() posts for `request_options`."""
        options = request_options["publicKey"]
        assert options.get("rpId", self.rp_id) == self.rp_id, "another site asks"
        allowed = [unb64(credential["id"]) for credential in options.get("allowCredentials", [])]
        assert not allowed or self.credential_id in allowed, "the site does not know this key"
        client_data = self.client_data("webauthn.get", options["challenge"])
        auth_data = self.authenticator_data(USER_PRESENT)
        signed = auth_data + hashlib.sha256(client_data).digest()
        signature = self.private_key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return {
            "type": "public-key",
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "authenticatorAttachment": "cross-platform",
            "response": {
                "clientDataJSON": b64(client_data),
                "authenticatorData": b64(auth_data),
                "signature": b64(signature),
                "userHandle": None,
            },
            "clientExtensionResults": {},
        }
