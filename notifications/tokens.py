"""Signed links in mails: confirm a subscription, unsubscribe in one click.

A token carries ids only, signed with SECRET_KEY and timestamped; a tampered
token fails its signature, an old one its age, and a used one is recognised
from the state it would change (already confirmed, already unsubscribed).
"""

from datetime import timedelta

from django.core import signing

CONFIRM_SALT = "notifications.confirm"
UNSUBSCRIBE_SALT = "notifications.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)
# Long: a mail read months later must still let its reader leave.
UNSUBSCRIBE_MAX_AGE = timedelta(days=400)


class BadLink(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason  # "expired" or "invalid"


def confirmation_token(subscription):
    return signing.dumps({"s": subscription.pk, "n": subscription.nonce}, salt=CONFIRM_SALT, compress=True)


def subscriber_unsubscribe_token(subscription):
    return signing.dumps({"s": subscription.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def user_unsubscribe_token(user, kind):
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read(token, *, salt, max_age):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise BadLink("expired") from None
    except signing.BadSignature:
        raise BadLink("invalid") from None
