"""Errors newsfacts raises.

* NewsfactsError        - base of what newsfacts raises on purpose
  + ModelsMissingError  - natasha's models are not installed
  + MissingExtraError   - an optional extra (pandas, dask, trafilatura) is needed

Wrong argument types raise TypeError at once. A problem inside one article never
raises in a batch: it goes to `Article.errors`.
"""


class NewsfactsError(Exception):
    pass


class ModelsMissingError(NewsfactsError):
    pass


class MissingExtraError(NewsfactsError, ImportError):
    def __init__(self, feature: str, extra: str, module: str):
        super().__init__(f"{feature} needs {module}: pip install 'newsfacts[{extra}]'")


def expected(what: str, value) -> TypeError:
    return TypeError(f"expected {what}, got {type(value).__name__}")
