"""schemathesis hooks for the contract tier (loaded through SCHEMATHESIS_HOOKS).

POST /api/v1/import/seed takes `application/zip`, a media type schemathesis has no serializer for:
generated values (binary strings) are sent as their bytes, so the route's "not a zip archive"
and size/type checks get exercised too.
"""
import schemathesis


@schemathesis.serializer("application/zip")
def zip_body(ctx, value):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if value is None:
        return b""
    return str(value).encode("utf-8", "surrogatepass")
