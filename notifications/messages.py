"""Mails as data (a Draft) and as text: subject line naming the area, a
plain-text and an HTML part in GOV.UK Notify's plain style, why the person
received it, a link to their choices and a one-click unsubscribe link with
RFC 8058 headers. Every link is absolute, made from settings.SITE_URL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from . import tokens
from .calculations import REVIEW_HORIZON_DAYS
from .models import Kind, Notification, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from send_board.models import LocalArea

    from .models import Subscription


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def plural(n, word, words=None):
    return f"{n} {word if n == 1 else (words or word + 's')}"


def long_date(day):
    return f"{day:%A} {day.day} {day:%B %Y}"


@dataclass
class Draft:
    """A notification worked out but not yet recorded."""

    kind: str
    area: LocalArea
    subject: str
    period: str
    subject_line: str
    content: dict
    user: User | None = None
    subscription: Subscription | None = None
    status: str = Status.PENDING
    why: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def recipient(self):
        return f"user:{self.user.pk}" if self.user is not None else f"subscriber:{self.subscription.pk}"

    @property
    def email(self):
        return self.user.email if self.user is not None else self.subscription.email

    @property
    def key(self):
        return (self.kind, self.recipient, self.subject, self.period)

    def unsubscribe_url(self):
        if self.subscription is not None:
            token = tokens.subscriber_unsubscribe_token(self.subscription)
        else:
            token = tokens.user_unsubscribe_token(self.user, self.kind)
        return absolute(reverse("notifications:unsubscribe", args=[token]))

    def to_notification(self):
        unsubscribe_url = self.unsubscribe_url()
        text, html = render(self.subject_line, self.content, self.why, unsubscribe_url)
        return Notification(
            kind=self.kind,
            recipient=self.recipient,
            subject=self.subject,
            period=self.period,
            area=self.area,
            user=self.user,
            subscription=self.subscription,
            email=self.email,
            subject_line=self.subject_line,
            body_text=text,
            body_html=html,
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            content={**self.content, "why": self.why},
            status=self.status,
        )


def render(subject_line, content, why, unsubscribe_url):
    context = {
        **content,
        "subject_line": subject_line,
        "why": why,
        "preferences_url": absolute(reverse("notifications:preferences")),
        "unsubscribe_url": unsubscribe_url,
    }
    return (
        render_to_string("notifications/email/message.txt", context),
        render_to_string("notifications/email/message.html", context),
    )


def item_dicts(items):
    return [{"text": i.text, "note": i.note, "url": absolute(i.url)} for i in items]


def _why_user(area, kind, reason):
    return (
        f"You received this because {reason} in {area.name} and “{Kind(kind).label}” is on in your SEND Board "
        "notification choices."
    )


# ---------------------------------------------------------------- one builder per kind


def data_due(*, area, user, items, deadline, stage, today):
    count = plural(len(items), "item")
    if stage == "overdue":
        subject_line = f"{area.name}: {count} overdue since {long_date(deadline)}"
        heading = "Data overdue"
        intro = f"These were due on {long_date(deadline)} and are still owed. Please enter them as soon as you can."
    else:
        subject_line = f"{area.name}: {count} due by {long_date(deadline)}"
        heading = "Data due"
        intro = f"These are due by {long_date(deadline)}. Each link opens the page to enter it."
    return Draft(
        kind=Kind.DATA_DUE,
        area=area,
        user=user,
        subject=f"data-due:{stage}",
        period=deadline.isoformat(),
        subject_line=subject_line,
        content={"heading": heading, "intro": intro, "sections": [{"title": "", "items": item_dicts(items)}]},
        why=_why_user(area, Kind.DATA_DUE, "you supply these figures (a performance lead: those without an owner)"),
    )


def commentary(*, area, user, item):
    code = item.text.split(" ", 1)[0]
    return Draft(
        kind=Kind.COMMENTARY,
        area=area,
        user=user,
        subject=item.key,
        period=item.period,
        subject_line=f"{area.name}: exception commentary needed on {code} for {item.period_name or item.period}",
        content={
            "heading": "Exception commentary needed",
            "intro": "A figure you own needs its exception commentary.",
            "sections": [{"title": "", "items": item_dicts([item])}],
            "closing": "Say why the figure is where it is and what is being done: the board reads it in the pack.",
        },
        why=_why_user(area, Kind.COMMENTARY, "you own this indicator"),
    )


def reviews(*, area, user, items, today, week):
    risks = [i for i in items if i.key.startswith("risk:")]
    milestones = [i for i in items if i.key.startswith("milestone:")]
    sections = []
    if risks:
        sections.append({"title": "Risk reviews", "items": item_dicts(risks)})
    if milestones:
        sections.append({"title": "Action milestones", "items": item_dicts(milestones)})
    return Draft(
        kind=Kind.REVIEWS,
        area=area,
        user=user,
        subject="reviews",
        period=week,
        subject_line=f"{area.name}: "
        + " and ".join(
            part
            for part in (
                plural(len(risks), "risk review") if risks else "",
                plural(len(milestones), "milestone") if milestones else "",
            )
            if part
        )
        + " to look at this week",
        content={
            "heading": "Reviews and milestones",
            "intro": f"Risks you own due for review by {long_date(today + timedelta(days=REVIEW_HORIZON_DAYS))} "
            "or overdue, and your actions with a milestone this month or passed.",
            "sections": sections,
        },
        why=_why_user(area, Kind.REVIEWS, "you own these risks or actions"),
    )


def approvals(*, area, user, items, today):
    return Draft(
        kind=Kind.APPROVALS,
        area=area,
        user=user,
        subject="approvals",
        period=today.isoformat(),
        subject_line=f"{area.name}: {plural(len(items), 'return')} waiting for your approval",
        content={
            "heading": "Returns to approve",
            "intro": "These were submitted and wait for a performance lead to approve them.",
            "sections": [{"title": "", "items": item_dicts(items)}],
        },
        why=_why_user(area, Kind.APPROVALS, "you are a performance lead"),
    )


def published(*, area, publication, user=None, subscription=None):
    corrected = publication.supersedes_id is not None
    verb = "corrected" if corrected else "published"
    url = absolute(reverse("publication_detail", args=[area.code, publication.pk]))
    intro = f"{area.name}'s SEND scorecard for {publication.period_label} has been {verb}."
    if corrected:
        intro += f" What changed: {publication.correction_note}"
    if subscription is not None:
        why = (
            f"You received this because this address subscribed to {area.name}'s published SEND scorecards "
            "and confirmed it."
        )
    else:
        why = _why_user(area, Kind.PUBLISHED, "you have a role")
    return Draft(
        kind=Kind.PUBLISHED,
        area=area,
        user=user,
        subscription=subscription,
        subject=f"publication:{publication.pk}",
        period=publication.period_key,
        subject_line=f"{area.name}: SEND scorecard for {publication.period_label} {verb}",
        content={
            "heading": f"Scorecard {verb}",
            "intro": intro,
            "sections": [
                {
                    "title": "",
                    "items": [{"text": f"Read the scorecard for {publication.period_label}", "note": "", "url": url}],
                }
            ],
        },
        why=why,
    )


def confirmation(*, area, subscription):
    url = absolute(reverse("notifications:confirm", args=[tokens.confirmation_token(subscription)]))
    days = tokens.CONFIRM_MAX_AGE.days
    return Draft(
        kind=Kind.CONFIRMATION,
        area=area,
        subscription=subscription,
        subject=f"subscription:{subscription.pk}",
        period=subscription.nonce,
        subject_line=f"{area.name}: confirm you want SEND scorecard news",
        content={
            "heading": "Confirm your subscription",
            "intro": f"Someone, we hope you, asked for an email whenever {area.name} publishes a SEND scorecard. "
            f"Nothing is sent until you confirm. The link works for {days} days.",
            "sections": [{"title": "", "items": [{"text": "Confirm my subscription", "note": "", "url": url}]}],
            "closing": "If you did not ask for this, ignore this email: you will hear nothing more.",
        },
        why=f"You received this because your address was entered on {area.name}'s subscription page.",
    )


def digest(*, user, held, week):
    """One weekly mail combining a person's held notifications (a list of Notification)."""
    areas = sorted({n.area.name for n in held if n.area_id})
    sections = []
    for notification in held:
        content = notification.content
        for section in content.get("sections", []):
            title = content.get("heading", "")
            if section.get("title"):
                title = f"{title}: {section['title']}"
            sections.append({"title": f"{notification.area.name} – {title}", "items": section["items"]})
    names = " and ".join([", ".join(areas[:-1]), areas[-1]] if len(areas) > 1 else areas)
    return Draft(
        kind=Kind.DIGEST,
        area=held[0].area if len(areas) == 1 else None,
        user=user,
        subject="digest",
        period=week,
        subject_line=f"{names}: your weekly SEND Board digest",
        content={
            "heading": "Your weekly digest",
            "intro": f"{plural(len(held), 'notification')} from the past week, together as you asked.",
            "sections": sections,
        },
        why=f"You received this because you chose a weekly digest for some notifications in {names}.",
    )
