"""Writes to the kernel's models."""

from django.core.exceptions import ValidationError

from .models import LocalArea, YearStart


def local_area_create(
    *, code: str, name: str, ons_code: str = "", region: str = "", year_start: str = YearStart.FINANCIAL
) -> LocalArea:
    """Create a local area, refusing a duplicate code with a clear message."""
    if LocalArea.objects.filter(code=code).exists():
        existing = LocalArea.objects.get(code=code)
        raise ValidationError({"code": [f"A local area with code {code} already exists ({existing.name})."]})
    area = LocalArea(
        code=code, name=name.strip(), ons_code=ons_code.strip(), region=region.strip(), year_start=year_start
    )
    area.full_clean()
    area.save()
    return area


def local_area_set_neighbours(*, area: LocalArea, codes: list[str]) -> LocalArea:
    """Replace an area's statistical neighbours (up to ten DfE codes, not itself)."""
    codes = list(dict.fromkeys(str(c).strip() for c in codes))
    area.statistical_neighbours = codes
    area.full_clean()
    area.save(update_fields=["statistical_neighbours"])
    return area
