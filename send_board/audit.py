"""The audit trail: every create, change and delete of the records a board
answers for, kept by django-simple-history in one history table per model.

Each app registers its models with `track(Model, area="local_area")` at the end
of its models.py; `area` names the foreign key that places a row in a local
area (directly, or through another tracked model, whose history then says the
area, so that a row's history stays attributable after its parent is gone).
The kernel imports no app: `tracked_models()` finds the registered models
through the app registry.

Nothing bypasses it:
- save() and delete() (forms, services, the Django admin, commands) write a
  history row through the library's signals;
- the tracked models' querysets (`AuditedQuerySet`) write history for
  `update()`, `bulk_update()` and `bulk_create()` with the library's
  `bulk_history_create`; their `delete()` and an area's (`deleting()`) keep
  the deleted rows' history aside and write it in one insert per model;
- who: the request's user (simple-history's middleware), else the user a
  service or command names with `acting_as(user)`;
- history is append-only: the admin shows it read-only, and database triggers
  (`AppendOnly`, one migration operation per app) refuse UPDATE and DELETE on every
  history table, on PostgreSQL and SQLite alike.
"""

import threading
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, migrations, models, transaction
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.utils import timezone
from simple_history import register
from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords

_actor = ContextVar("send_board_audit_actor", default=None)
_in_bulk_update = ContextVar("send_board_audit_in_bulk_update", default=False)
_deleted_rows = ContextVar("send_board_audit_deleted_rows", default=None)
_purge = threading.local()

HISTORY_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}
APPEND_ONLY_MESSAGE = "history is append-only: rows are never changed or deleted"


# ---------------------------------------------------------------- who


@contextmanager
def acting_as(user):
    """Record the changes made inside the block as made by `user` (a service
    or command run outside a request; None or anonymous: the system)."""
    token = _actor.set(user if getattr(user, "is_authenticated", False) else None)
    try:
        yield
    finally:
        _actor.reset(token)


def attributed(service):
    """Decorate a service: the history rows it writes name its `user` keyword
    argument (a command or task has no request for the middleware to read)."""

    @wraps(service)
    def wrapper(*args, **kwargs):
        with acting_as(kwargs.get("user")):
            return service(*args, **kwargs)

    return wrapper


def current_user(request=None, **kwargs):
    """The user a history row records: the one a service or command named with
    `acting_as`, else the signed-in user of the request, else none (the system)."""
    user = _actor.get()
    if user is not None:
        return user
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


# ---------------------------------------------------------------- registering


class _HistoryDescriptor(HistoryDescriptor):
    """simple-history's `Model.history`, its manager class made once (the
    library makes a new one, through `inspect`, on every read, and every
    tracked save reads it)."""

    def __init__(self, model, manager, queryset):
        super().__init__(model, manager=manager, queryset=queryset)
        self.bound_manager = manager.from_queryset(queryset)

    def __get__(self, instance, owner):
        return self.bound_manager(self.model, instance)


class AuditRecords(HistoricalRecords):
    """simple-history's records, except that `Model.history` is cheap to read
    and that inside `deleting()` the history rows of a delete are kept aside
    and written together as it ends (one insert per model instead of one per
    deleted row and its cascade)."""

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        library = sender.__dict__.get(self.manager_name)
        if type(library) is HistoryDescriptor:
            setattr(
                sender,
                self.manager_name,
                _HistoryDescriptor(library.model, manager=library.manager_class, queryset=library.queryset_class),
            )

    def post_delete(self, instance, using=None, **kwargs):
        rows = _deleted_rows.get()
        history = history_model(type(instance))
        if (
            rows is None
            or self.cascade_delete_history
            or self.m2m_fields
            or hasattr(history, "history_relation")
            or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
        ):
            return super().post_delete(instance, using=using, **kwargs)
        # The row create_historical_record would save, read now: the deleted
        # object keeps its values (its primary key goes once the delete ends).
        row = history(
            history_date=getattr(instance, "_history_date", timezone.now()),
            history_type="-",
            history_user=self.get_history_user(instance),
            history_change_reason=self.get_change_reason_for_object(instance, "-", using),
            **{field.attname: getattr(instance, field.attname) for field in self.fields_included(instance)},
        )
        rows.setdefault(history, []).append(row)
        return None


@contextmanager
def deleting(using="default"):
    """Run a delete (a queryset's or an object's, with its cascade) so that the
    history rows it writes go in together at its end, in its transaction.
    Wrap a delete only: a row kept aside is written even if a savepoint
    inside the block rolled its delete back."""
    if _deleted_rows.get() is not None:  # inside another delete: it writes them
        yield
        return
    rows = {}
    token = _deleted_rows.set(rows)
    try:
        with transaction.atomic(using=using, savepoint=False):
            yield
            for history, batch in rows.items():
                history.objects.using(using).bulk_create(batch, batch_size=1000)
    finally:
        _deleted_rows.reset(token)


def track(model, *, area, excluded_fields=()):
    """Keep `model`'s history. `area` is the field that places a row in a local
    area: a foreign key to LocalArea, or to another tracked model."""
    register(
        model,
        records_class=AuditRecords,
        get_user=current_user,
        # The user's id, not a foreign key: deleting a user must not rewrite history.
        history_user_id_field=models.IntegerField(null=True, blank=True, db_index=True),
        excluded_fields=list(excluded_fields),
    )
    model.audit_area_field = area
    model.audit_untracked_fields = frozenset(excluded_fields)


def tracked_models():
    """Every model whose history is kept, in app registry order."""
    return [model for model in apps.get_models() if hasattr(model, "audit_area_field")]


def history_model(model):
    return model.history.model


def area_filter(model, area_id):
    """A Q over `model`'s history table: the rows of local area `area_id`."""
    field = model._meta.get_field(model.audit_area_field)
    parent = field.related_model
    if parent._meta.label == "send_board.LocalArea":
        return models.Q(**{field.attname: area_id})
    parent_ids = history_model(parent).objects.filter(area_filter(parent, area_id)).values(parent._meta.pk.attname)
    return models.Q(**{f"{field.attname}__in": parent_ids})


# ---------------------------------------------------------------- bulk writes


def _record_bulk(model, objs, *, update):
    objs = [obj for obj in objs if obj.pk is not None]
    if objs and hasattr(model, "history"):
        model.history.bulk_history_create(objs, update=update, default_user=current_user())


class DeletesTogether(models.QuerySet):
    """A queryset whose delete() writes the history of what it deletes, its
    cascade included, together at the end (`deleting()`)."""

    def delete(self):
        with deleting(self.db):
            return super().delete()

    delete.alters_data = True
    delete.queryset_only = True


class AuditedQuerySet(DeletesTogether):
    """A tracked model's queryset: bulk writes keep history like save() does."""

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            _record_bulk(self.model, created, update=False)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        # Django's bulk_update runs update() per batch: record once, here.
        token = _in_bulk_update.set(True)
        try:
            with transaction.atomic(using=self.db, savepoint=False):
                rows = super().bulk_update(objs, fields, *args, **kwargs)
                if set(fields) - getattr(self.model, "audit_untracked_fields", frozenset()):
                    _record_bulk(self.model, objs, update=True)
        finally:
            _in_bulk_update.reset(token)
        return rows

    def update(self, **kwargs):
        untracked = getattr(self.model, "audit_untracked_fields", frozenset())
        if _in_bulk_update.get() or not set(kwargs) - untracked:
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            pks = list(self.values_list("pk", flat=True))
            rows = super().update(**kwargs)
            _record_bulk(self.model, self.model._base_manager.using(self.db).filter(pk__in=pks), update=True)
        return rows


# ---------------------------------------------------------------- append-only


def _trigger_sql(vendor, table):
    if vendor == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION send_board_history_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '% on %: {APPEND_ONLY_MESSAGE}', TG_OP, TG_TABLE_NAME; END; $$ LANGUAGE plpgsql",
            f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION send_board_history_append_only()",
        ]
    if vendor == "sqlite":
        # Emptying the whole database (manage.py flush, which the test runner
        # uses between transactional tests) is the one DELETE let through: it
        # runs inside `purging()`, which only flush enters (tests/conftest.py).
        return [
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table}: {APPEND_ONLY_MESSAGE}'); END",
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
            "WHEN NOT send_board_history_purging() "
            f"BEGIN SELECT RAISE(ABORT, '{table}: {APPEND_ONLY_MESSAGE}'); END",
        ]
    raise ImproperlyConfigured(
        f"The audit trail is kept append-only on PostgreSQL and SQLite only; {vendor} is not supported."
    )


def _drop_sql(vendor, table):
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}"]
    return [f"DROP TRIGGER IF EXISTS {table}_no_update", f"DROP TRIGGER IF EXISTS {table}_no_delete"]


class AppendOnly(migrations.RunPython):
    """A migration operation: triggers that refuse UPDATE and DELETE on the
    history tables of `model_labels` (['ehcp.HistoricalMonthlyReturn']).
    A class, not a function's closure, so that the migration writer
    (squashmigrations, optimizemigration) can write it out."""

    def __init__(self, model_labels):
        self.model_labels = list(model_labels)
        super().__init__(self._forwards, self._backwards)

    def deconstruct(self):
        return (self.__class__.__name__, [], {"model_labels": self.model_labels})

    def describe(self):
        return f"Append-only triggers on the history tables of {', '.join(self.model_labels)}"

    def _tables(self, app_registry):
        return [app_registry.get_model(label)._meta.db_table for label in self.model_labels]

    def _forwards(self, app_registry, schema_editor):
        for table in self._tables(app_registry):
            for sql in _trigger_sql(schema_editor.connection.vendor, table):
                schema_editor.execute(sql, params=None)

    def _backwards(self, app_registry, schema_editor):
        for table in self._tables(app_registry):
            for sql in _drop_sql(schema_editor.connection.vendor, table):
                schema_editor.execute(sql)


def ensure_append_only(using="default", **kwargs):
    """After every migrate: the triggers on every history table. SQLite rebuilds
    a table to add a column with a default, and the rebuild drops its
    triggers; this puts them back (the SQL is idempotent)."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.schema_editor() as schema_editor:
        for model in tracked_models():
            table = history_model(model)._meta.db_table
            if table in existing:
                for sql in _trigger_sql(connection.vendor, table):
                    schema_editor.execute(sql, params=None)


@contextmanager
def purging():
    """Let DELETE through the SQLite triggers: only for emptying the database."""
    _purge.on = True
    try:
        yield
    finally:
        _purge.on = False


@receiver(connection_created)
def _sqlite_purge_flag(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "send_board_history_purging", 0, lambda: int(getattr(_purge, "on", False)), deterministic=False
        )


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


def display(model, field_name, value):
    """A stored value as a person reads it."""
    if value is None or value == "":
        return ""
    try:
        field = model._meta.get_field(field_name)
    except Exception:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    return str(value)


def _label(model, field_name):
    try:
        return str(model._meta.get_field(field_name).verbose_name).capitalize()
    except Exception:
        return field_name


def _stamp(model, attname):
    """A time the model stamps on every save: not a change anyone made."""
    if attname in ("updated", "updated_at"):
        return True
    try:
        return getattr(model._meta.get_field(attname), "auto_now", False)
    except Exception:
        return False


def changes(record, previous, names=None):
    """[FieldChange] from `previous` (a history row of the same object, or None)
    to `record`: every field for a creation, the differing ones for a change.
    A foreign key reads as its object's name from `names` ({(model, key):
    text}, from `_related_objects`), else as its key."""
    model = record.instance_type
    fields = [
        f
        for f in record._meta.fields
        if not f.name.startswith("history_") and f.name not in ("id", "version") and not _stamp(model, f.attname)
    ]
    result = []
    deleted = record.history_type == "-"
    for field in fields:
        name = field.attname
        new = getattr(record, name)
        old = getattr(previous, name) if previous is not None else None
        if deleted:  # what was lost: every field that held something
            old, new = new, None
            if old in (None, ""):
                continue
        elif (old == new) if previous is not None else new in (None, ""):
            continue
        model_field = name[:-3] if name.endswith("_id") and field.is_relation else name
        target = _relation(model, model_field)
        result.append(
            FieldChange(
                field=model_field,
                label=_label(model, model_field),
                old=_related_name(names, target, old) if target else display(model, model_field, old),
                new=_related_name(names, target, new) if target else display(model, model_field, new),
            )
        )
    return result


def _relation(model, field_name):
    """The model a foreign key of `model` points at, or None."""
    try:
        field = model._meta.get_field(field_name)
    except Exception:
        return None
    return field.related_model if field.many_to_one or field.one_to_one else None


def _related_name(names, model, key):
    if key is None or key == "":
        return ""
    if names is None:
        return str(key)
    return names.get((model, key)) or f"{model._meta.verbose_name} {key} (since deleted)"


def _related_objects(pairs):
    """{(model, key): object} for (history record, previous record) `pairs`:
    every object their foreign keys point at, read with one query per model
    pointed at (and the objects those objects point at, joined in). What
    both the rows' names (`_describe`) and their changes (`changes`) read."""
    wanted = {}
    for record, previous in pairs:
        for field in record.instance_type._meta.concrete_fields:
            if not (field.many_to_one or field.one_to_one):
                continue
            for source in (record, previous):
                key = getattr(source, field.attname, None) if source is not None else None
                if key is not None:
                    wanted.setdefault(field.related_model, set()).add(key)
    related = {}
    for model, keys in wanted.items():
        followed = [f.name for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one]
        objects = model._base_manager.select_related(*followed).filter(pk__in=keys)
        related.update({(model, obj.pk): obj for obj in objects})
    return related


def _name(obj):
    """A person by their name, as the history's "who" names them; anything else by its str()."""
    if isinstance(obj, AbstractBaseUser):
        return (obj.get_full_name() if hasattr(obj, "get_full_name") else "") or obj.get_username()
    return str(obj)


def last_change(instance):
    """The latest history row of `instance`, or None."""
    if not hasattr(type(instance), "history"):
        return None
    return instance.history.order_by("-history_date", "-history_id").first()


# ---------------------------------------------------------------- an area's history


def kinds():
    """[(key, label)] of the tracked kinds, for a filter."""
    return [(model._meta.label_lower, str(model._meta.verbose_name).capitalize()) for model in tracked_models()]


def area_history(area_id, *, start=None, end=None, user_id=None, kind=None):
    """Every history row of local area `area_id`, newest first, as dicts of
    audit_kind, audit_hid, audit_at, audit_uid, audit_htype, audit_oid: one query over every history table (a
    UNION), so that it pages and counts in the database. `start`/`end` are
    aware datetimes (end excluded); `user_id` 0 means changes made by no user
    (the system)."""
    queries = []
    for model in tracked_models():
        key = model._meta.label_lower
        if kind and key != kind:
            continue
        rows = history_model(model).objects.filter(area_filter(model, area_id))
        if start is not None:
            rows = rows.filter(history_date__gte=start)
        if end is not None:
            rows = rows.filter(history_date__lt=end)
        if user_id == 0:
            rows = rows.filter(history_user_id__isnull=True)
        elif user_id:
            rows = rows.filter(history_user_id=user_id)
        queries.append(
            rows.order_by()
            .annotate(
                audit_kind=models.Value(key, output_field=models.CharField()),
                audit_hid=models.F("history_id"),
                audit_at=models.F("history_date"),
                audit_uid=models.F("history_user_id"),
                audit_htype=models.F("history_type"),
                audit_oid=models.F(model._meta.pk.attname),
            )
            .values("audit_kind", "audit_hid", "audit_at", "audit_uid", "audit_htype", "audit_oid")
        )
    if not queries:
        return []
    first, *rest = queries
    return first.union(*rest, all=True).order_by("-audit_at", "-audit_hid")


@dataclass(frozen=True)
class Entry:
    """One create, change or delete, as the history page and its CSV show it."""

    at: object
    who: str
    kind: str
    object_id: int
    object: str
    action: str
    changes: list


def _describe(record, related):
    """str() of the object as `record` holds it, its foreign keys taken from
    `related` ({(model, key): object}, `_related_objects`)."""
    model = record.instance_type
    try:
        # Built from the row itself: simple_history's `record.instance` reads
        # the current row for the fields history leaves out (a case record's
        # generated months), a query per row that no __str__ needs.
        instance = model(**{field.attname: getattr(record, field.attname) for field in record.tracked_fields})
        for field in model._meta.concrete_fields:
            if field.is_relation:
                target = related.get((field.related_model, getattr(instance, field.attname)))
                if target is not None:
                    field.set_cached_value(instance, target)
        return str(instance)[:200]
    except Exception:  # a parent row deleted since: name it by kind and id
        return f"{model._meta.verbose_name} {record.pk}"


def entries(rows):
    """The Entries of `area_history` rows (a page of them): each history row
    with the fields that changed from the same object's previous row, old → new.
    A query per kind on the page and one per model its rows point at, whatever
    the number of rows."""
    rows = list(rows)
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row["audit_kind"], []).append(row)
    records = {}
    for key, kind_rows in by_kind.items():
        model = apps.get_model(key)
        history = history_model(model)
        wanted = {row["audit_hid"] for row in kind_rows}
        object_ids = {row["audit_oid"] for row in kind_rows}
        latest = max(row["audit_at"] for row in kind_rows)
        timeline = history.objects.filter(
            **{f"{model._meta.pk.attname}__in": object_ids, "history_date__lte": latest}
        ).order_by(model._meta.pk.attname, "history_date", "history_id")
        previous_of = {}
        for record in timeline:
            object_id = getattr(record, model._meta.pk.attname)
            if record.history_id in wanted:
                records[(key, record.history_id)] = (record, previous_of.get(object_id))
            previous_of[object_id] = record
    User = apps.get_model(settings.AUTH_USER_MODEL)
    people = {
        user.pk: _name(user)
        for user in User.objects.filter(pk__in={row["audit_uid"] for row in rows if row["audit_uid"]})
    }
    related = _related_objects(records.values())
    names = {key: _name(obj)[:200] for key, obj in related.items()}
    result = []
    for row in rows:
        record, previous = records[(row["audit_kind"], row["audit_hid"])]
        result.append(
            Entry(
                at=row["audit_at"],
                who=people.get(row["audit_uid"], f"user {row['audit_uid']} (deleted)")
                if row["audit_uid"]
                else "SEND Board (automatic)",
                kind=str(record.instance_type._meta.verbose_name).capitalize(),
                object_id=row["audit_oid"],
                object=_describe(record, related),
                action=HISTORY_TYPES[row["audit_htype"]],
                changes=changes(record, previous, names),
            )
        )
    return result


CSV_HEADER = ["when", "who", "kind", "object id", "object", "action", "field", "old value", "new value"]


def csv_rows(history_rows, chunk=500):
    """The CSV lines of `area_history` rows: one per field changed (a deletion
    or a change of nothing visible: one line with no field); the header is
    CSV_HEADER, and send_board.tables_io neutralises formula-like cells."""
    start = 0
    while True:
        batch = list(history_rows[start : start + chunk])
        if not batch:
            return
        for entry in entries(batch):
            head = [timezone.localtime(entry.at).isoformat(), entry.who, entry.kind, entry.object_id, entry.object]
            for change in entry.changes or [None]:
                fields = [change.label, change.old, change.new] if change else ["", "", ""]
                yield [*head, entry.action, *fields]
        start += chunk
