from eqiao.cases import admin_disclosure  # noqa: F401
