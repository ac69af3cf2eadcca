class LocalAreaCodeConverter:
    """A DfE local authority code in a URL: three digits (/board/344/)."""

    regex = "[0-9]{3}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)
