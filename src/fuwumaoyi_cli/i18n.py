"""The language of fwmy's messages: English, or Simplified Chinese from a compiled gettext catalog.

The language is chosen once per process, from the environment, the first time a message is looked up
(the command line chooses it as a run starts, cli/language.py):

1. `FWMY_LANG`: `zh`, `zh_CN`, `zh-Hans`, `zh_TW`… is Chinese; `en`, `C` or anything else is English
   (a value fwmy has no catalog for is never an error). Empty is as if unset.
2. The locale, in gettext's order: `LANGUAGE` (a list, `zh_CN:en`; its first entry naming Chinese or
   English counts), then `LC_ALL`, `LC_MESSAGES`, `LANG`, the first that is set. `zh_CN.UTF-8`, `zh_TW`,
   `zh` are Chinese; `C`, `POSIX`, `en_US.UTF-8` and the rest English. As in GNU gettext, `LANGUAGE` is
   not read when the locale is explicitly C or POSIX, so that `LC_ALL=C fwmy …` in a script is English
   whatever the desktop's `LANGUAGE` says. On Windows, where none is usually set, the user's locale.

There is one catalog, Simplified Chinese (locale/zh_CN/LC_MESSAGES/fwmy.mo, compiled from fwmy.po by
scripts/catalog.py). Traditional-Chinese locales (zh_TW, zh_HK) get it too: the cases themselves are in
simplified characters, so a reader of them reads those.

Marking: `_("…")` translates where it is called, formatting named placeholders after the translation
(`_("no case {number}", number=14)`), so a translation may put them in its own word order; `N_("…")` only
marks a text for the catalog (help texts declared at import time, tables of messages), and whoever shows
it translates it then. The msgid is the English message itself, so English needs no catalog: neither
gettext nor the file is loaded unless the language is Chinese.

This module knows no terminal: the core (validation problems, errors) uses it as the command line does.
"""

from __future__ import annotations

import os
import sys
from typing import Any

LANGUAGES = ("en", "zh")
CATALOG = os.path.join(os.path.dirname(__file__), "locale", "zh_CN", "LC_MESSAGES", "fwmy.mo")

_language: str | None = None  # None until chosen
_catalog: Any = None  # the chosen language's gettext.GNUTranslations; None for English
_loaded: dict[str, Any] = {}  # catalogs read in this process, by language


def _name_of(value: str) -> str:
    """`zh_CN.UTF-8@x` → `zh_cn`, `zh-Hant-TW` → `zh_hant_tw`: a locale or language name without its
    encoding and modifier, in one spelling."""
    return value.strip().split(".")[0].split("@")[0].replace("-", "_").lower()


def _is_chinese(value: str) -> bool:
    name = _name_of(value)
    return name == "zh" or name.startswith(("zh_", "chinese"))


def _is_c(value: str) -> bool:
    """The C or POSIX locale, which means: untranslated (C.UTF-8 too)."""
    return _name_of(value) in ("c", "posix")


def _is_english(value: str) -> bool:
    name = _name_of(value)
    return _is_c(value) or name == "en" or name.startswith(("en_", "english"))


def _windows_locale() -> str:
    """The user's locale on Windows (zh_CN), where LANG and its kin are seldom set; "" elsewhere."""
    if sys.platform != "win32":
        return ""
    import _locale

    try:
        return _locale._getdefaultlocale()[0] or ""
    except (AttributeError, ValueError):
        return ""


def language_from(environ: Any) -> str:
    """ "zh" or "en": the language the environment (a mapping like os.environ) asks for."""
    chosen = environ.get("FWMY_LANG", "").strip()
    if chosen:
        return "zh" if _is_chinese(chosen) else "en"
    locale = next((environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), "")
    if not locale and not environ.get("LANGUAGE"):
        locale = _windows_locale()
    if _is_c(locale):
        return "en"
    for entry in environ.get("LANGUAGE", "").split(":"):
        if _is_chinese(entry):
            return "zh"
        if _is_english(entry):
            return "en"
    if environ.get("LANGUAGE", "").strip(":"):
        return "en"  # a list of languages fwmy has no catalog for: untranslated, as gettext does
    return "zh" if _is_chinese(locale) else "en"


def _load(language: str) -> Any:
    """The catalog of `language`, read once per process; None when it cannot be read (English, then)."""
    if language not in _loaded:
        import gettext  # typer imports it anyway; the core alone pays it only for Chinese

        try:
            with open(CATALOG, "rb") as handle:
                _loaded[language] = gettext.GNUTranslations(handle)
        except (OSError, ValueError):  # a damaged installation: English rather than an error
            _loaded[language] = None
    return _loaded[language]


def use(language: str | None = None) -> str:
    """Choose the language of this process's messages: `language` ("zh", "en"), or the environment's when
    None. Returns the one chosen. Called by the command line as each run starts, and by tests."""
    global _language, _catalog
    chosen = language_from(os.environ) if language is None else ("zh" if _is_chinese(language) else "en")
    _catalog = _load(chosen) if chosen != "en" else None
    _language = chosen if chosen == "en" or _catalog is not None else "en"
    return _language


def language() -> str:
    """The language of the messages, "zh" or "en" (chosen from the environment on first use)."""
    return _language if _language is not None else use()


def _(message: str, /, **values: Any) -> str:
    """`message` in the chosen language, with its named placeholders filled in after translating, when
    `values` are given (`_("no case {number}", number=14)`)."""
    if _language is None:
        use()
    text = message if _catalog is None else _catalog.gettext(message)
    return text.format(**values) if values else text


def N_(message: str) -> str:
    """Mark `message` for the catalog without translating it: it is translated by `_` where it is shown."""
    return message


# The reasons the system gives most often for a file that cannot be read or written (os.strerror, in English
# on every locale Python runs in), by errno name.
OS_REASONS = {
    "ENOENT": N_("No such file or directory"),
    "EACCES": N_("Permission denied"),
    "EPERM": N_("Operation not permitted"),
    "EISDIR": N_("Is a directory"),
    "ENOTDIR": N_("Not a directory"),
    "ENOSPC": N_("No space left on device"),
    "EDQUOT": N_("Disk quota exceeded"),
    "EROFS": N_("Read-only file system"),
    "EEXIST": N_("File exists"),
    "ENAMETOOLONG": N_("File name too long"),
    "ELOOP": N_("Too many levels of symbolic links"),
    "EBADF": N_("Bad file descriptor"),
    "EIO": N_("Input/output error"),
    "EPIPE": N_("Broken pipe"),
    "EINVAL": N_("Invalid argument"),
}


def os_reason(err: OSError) -> str:
    """Why an operating-system call failed, in the chosen language: `Permission denied`, 权限不足. A reason
    fwmy gives itself (files.py) is translated where it is raised; other systems' words stay as they are."""
    reason = err.strerror or str(err)
    if language() == "en" or err.errno is None:
        return reason
    import errno

    name = errno.errorcode.get(err.errno, "")
    if name in OS_REASONS and err.strerror == os.strerror(err.errno):
        return _(OS_REASONS[name])
    return reason
