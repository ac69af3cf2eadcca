"""No lost update: a save from a form opened before someone else's save is refused.

A versioned model has an integer `version`, raised by one on every save made
through its service. Its edit form carries the version it was opened with (a
hidden field, `VersionField`). The service, in its transaction:

1. `check(row, expected=version, yours=values)`: the row as the database has it
   now (locked with select_for_update where the service locks it) must be at
   the version the form was opened with, else StaleEdit;
2. `claim(row, ...)` just before saving: `UPDATE … SET version = N + 1 WHERE
   pk = … AND version = N`, so that of two concurrent saves exactly one
   matches the row; the other gets StaleEdit and writes nothing.

StaleEdit says who changed the row and when (from the audit trail), and each
field where what is saved now (theirs) differs from what the form sent (yours).
The view shows both, keeps the user's entries in the form with the current
version, so that saving again applies them over the other change on purpose.
"""

from dataclasses import dataclass

from django import forms
from django.db import models
from django.utils import timezone

from .audit import display, last_change


@dataclass(frozen=True)
class Difference:
    label: str
    theirs: str
    yours: str


class StaleEdit(Exception):
    """The row changed since the form was opened; nothing was saved."""

    def __init__(self, *, what, current_version, changed_by, changed_at, differences):
        self.what = what
        self.current_version = current_version
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.differences = differences
        super().__init__(self.message)

    @property
    def message(self):
        when = timezone.localtime(self.changed_at) if self.changed_at else None
        at = f" at {when:%H:%M} on {when.day} {when:%B %Y}" if when else ""
        return (
            f"{self.what} was changed by {self.changed_by}{at} since you opened it. "
            "Nothing of yours has been saved. Compare the values below; to keep yours, check them and save again."
        )


def _person(user):
    if user is None:
        return "SEND Board (automatic)"
    return user.get_full_name() or user.get_username()


def _text(model, name, value):
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return display(model, name, value) or "(empty)"


def _label(model, name):
    try:
        label = str(model._meta.get_field(name).verbose_name)
    except Exception:
        label = name.replace("_", " ")
    return label[:1].upper() + label[1:]


def stale(instance, *, yours, what=None, also=()):
    """The StaleEdit for `instance` as the database holds it now."""
    model = type(instance)
    current = model._base_manager.filter(pk=instance.pk).first() if instance.pk else None
    if current is None:
        raise model.DoesNotExist(f"{what or model._meta.verbose_name} has been deleted since you opened it.")
    differences = []
    for name, value in yours.items():
        theirs = getattr(current, name)
        if _comparable(theirs) != _comparable(value):
            differences.append(Difference(_label(model, name), _text(model, name, theirs), _text(model, name, value)))
    differences.extend(also)
    record = last_change(current)
    return StaleEdit(
        what=what or str(current),
        current_version=current.version,
        changed_by=_person(record.history_user) if record else "someone else",
        changed_at=record.history_date if record else None,
        differences=differences,
    )


def _comparable(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    return value


def check(instance, *, expected, yours, what=None, also=()):
    """Refuse (StaleEdit) when the form was opened at another version than
    `instance`'s. `expected` None: no form (an import or a command), no check;
    0: the form was opened before the row existed. `also`: Differences of
    what is not a field of the row (a decision's options), shown with the rest."""
    if expected is None:
        return
    current = instance.version if instance.pk else 0
    if current != expected:
        if instance.pk is None:
            raise StaleEdit(what=what, current_version=0, changed_by="someone else", changed_at=None, differences=[])
        raise stale(instance, yours=yours, what=what, also=also)


def claim(instance, *, expected=None, yours=None, what=None, also=()):
    """Check, then take the next version in the database with a conditional
    UPDATE; the caller then saves `instance` (at its new version) in the same
    transaction. A new row starts at version 1."""
    check(instance, expected=expected, yours=yours or {}, what=what, also=also)
    if instance.pk is None or instance._state.adding:
        instance.version = 1
        return
    model = type(instance)
    taken = model._base_manager.filter(pk=instance.pk, version=instance.version).update(version=instance.version + 1)
    if not taken:
        raise stale(instance, yours=yours or {}, what=what, also=also)
    instance.version += 1


class VersionField(forms.IntegerField):
    """The version an edit form was opened with, carried as a hidden field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)


def refuse(form, error, field_name="version"):
    """Show a StaleEdit on `form`: its message, and the current version in the
    hidden field, so that saving the form again applies the user's values."""
    form.data = form.data.copy()
    form.data[form.add_prefix(field_name)] = str(error.current_version)
    form.add_error(None, error.message)
