"""Review forms against the rule catalogue and grade them (绩效目标审核).

``review(forms)`` runs every enabled rule of the profile on every form (and the cross-form
rules once on all of them), turns their hits into findings with source lines, and grades each
form by the profile's documented convention (see ``docs/review.md``).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from jixiao.model.findings import Finding, FindingSource, FormReport, Grade, Report, Severity
from jixiao.model.forms import ProjectForm, UnitForm
from jixiao.rules.context import Grading, Profile, ReviewContext, load_profile
from jixiao.rules.registry import Hit, Rule, all_rules
from jixiao.rules.view import Corpus, FormView


def review(
    forms: Sequence[ProjectForm | UnitForm],
    profile: str | Profile = "national-88",
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    strict: bool = False,
) -> Report:
    """Review ``forms``; ``strict`` re-raises a failing rule instead of reporting it."""
    with _collector_paused():
        return _review(forms, profile, select, ignore, strict)


# The review allocates a few objects per row and per finding that all live until it returns, and
# produces no reference cycles: CPython's cyclic collector would walk the whole growing heap
# (the forms, the views, the findings so far) again and again for nothing — a third of the
# review's time at 10,000 forms. It is paused while any review runs (reviews may run in several
# threads of the web app: the first to start pauses it, the last to finish restores the state it
# found). Reference counting still frees everything that is dropped.
_collector_lock = threading.Lock()
_collector_users = 0
_collector_was_enabled = False


@contextmanager
def _collector_paused() -> Iterator[None]:
    global _collector_users, _collector_was_enabled
    with _collector_lock:
        if _collector_users == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _collector_users += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_users -= 1
            if _collector_users == 0 and _collector_was_enabled:
                gc.enable()


_CHUNK = 256  # forms whose views stay in the CPU caches while every form rule runs on them
# A form under review: its view, its findings' append, file, form_index and line_of.
_Place = tuple[
    FormView, Callable[[Finding], None], str, int, Callable[[tuple[str | int, ...]], int | None]
]


def _review(
    forms: Sequence[ProjectForm | UnitForm],
    profile: str | Profile,
    select: Iterable[str] | None,
    ignore: Iterable[str] | None,
    strict: bool,
) -> Report:
    chosen = load_profile(profile) if isinstance(profile, str) else profile
    chosen = chosen.with_selection(
        tuple(select) if select else None, tuple(ignore) if ignore else None
    )
    ctx = ReviewContext(chosen)
    rules = [r for r in all_rules() if chosen.enabled(r)]
    shared: dict[object, Any] = {}  # what the rules keep for this review only
    override = {r.code: chosen.severity_override(r) for r in rules}
    form_rules = [r for r in rules if r.scope == "form"]
    views: list[FormView] = []
    found: list[list[Finding]] = []
    places: list[_Place] = []  # every form, by position
    # The forms go in chunks; in a chunk, rule by rule over its forms, not form by form over all
    # rules: the chunk's views and one rule's code and data stay in the CPU caches (a quarter
    # less time than form by form). Each form's findings still come in rule order, as each rule
    # appends to every form's own list.
    chunk: list[_Place] = []
    for position, form in enumerate(forms, start=1):
        view = FormView.of(form, position, shared)
        bucket: list[Finding] = []
        views.append(view)
        found.append(bucket)
        chunk.append((view, bucket.append, form.source.file, form.source.form_index, view.line_of))
        if len(chunk) == _CHUNK or position == len(forms):
            _run_form_rules(form_rules, chunk, ctx, override, chosen, strict)
            for done in chunk:  # what form rules kept per form is not read again
                done[0].cache.clear()
            places += chunk
            chunk = []
    corpus_rules = [r for r in rules if r.scope == "corpus"]
    if corpus_rules and views:
        corpus = Corpus.of(views)
        for rule in corpus_rules:
            forced = override[rule.code]
            for position, hit in _corpus_hits(rule, corpus, ctx, strict):
                view, add = places[position][:2]
                if view.form.kind in rule.applies_to:
                    add(_finding(rule, hit, view, chosen, forced))
    reports = [
        _form_report(view, bucket, chosen.grading)
        for view, bucket in zip(views, found, strict=True)
    ]
    return Report(profile=chosen.name, forms=reports)


def _run_form_rules(
    rules: list[Rule],
    places: list[_Place],
    ctx: ReviewContext,
    override: dict[str, Severity | None],
    profile: Profile,
    strict: bool,
) -> None:
    """Every form rule on the forms of ``places``, rule by rule; findings go to each form's list."""
    by_kind = {
        kinds: [place for place in places if place[0].form.kind in kinds]
        for kinds in (frozenset({"project"}), frozenset({"unit"}), frozenset({"project", "unit"}))
    }
    for rule in rules:
        check, code, slug, dimension = rule.check, rule.code, rule.slug, rule.dimension
        forced, severity, suggestion = override[code], rule.severity, rule.suggestion
        targets = by_kind.get(rule.applies_to)
        if targets is None:
            targets = [place for place in places if place[0].form.kind in rule.applies_to]
        for view, add, file, form_index, line_of in targets:
            try:
                for hit in check(view, ctx):
                    add(
                        Finding(
                            code,
                            slug,
                            dimension,
                            forced or hit.severity or severity,
                            hit.message,
                            FindingSource(file, form_index, hit.line or line_of(hit.loc)),
                            hit.suggestion or suggestion,
                            list(hit.loc),
                            hit.evidence,
                        )
                    )
            except Exception as exc:
                if strict:
                    raise
                add(_broken(rule, view, exc, profile))


def _broken(rule: Rule, view: FormView, exc: Exception, profile: Profile) -> Finding:
    """A rule that failed on a form is reported, not allowed to stop the whole review."""
    hit = Hit(
        f"审核规则 {rule.code} 执行出错，本条未能检查（请报告此问题）",
        (),
        evidence=repr(exc)[:200],
        severity="info",
    )
    return _finding(rule, hit, view, profile, profile.severity_override(rule))


def _corpus_hits(
    rule: Rule, corpus: Corpus, ctx: ReviewContext, strict: bool
) -> list[tuple[int, Hit]]:
    try:
        return list(rule.check(corpus, ctx))
    except Exception:
        if strict:
            raise
        return []


def _finding(
    rule: Rule, hit: Hit, view: FormView, profile: Profile, override: Severity | None = None
) -> Finding:
    """A finding from a hit (the hot loop of ``_run_form_rules`` inlines the same construction)."""
    source = view.form.source
    return Finding(
        rule.code,
        rule.slug,
        rule.dimension,
        override or hit.severity or rule.severity,
        hit.message,
        FindingSource(source.file, source.form_index, hit.line or view.line_of(hit.loc)),
        hit.suggestion or rule.suggestion,
        list(hit.loc),
        hit.evidence,
    )


def grade(findings: Sequence[Finding], grading: Grading) -> tuple[int, Grade]:
    """Score and grade by the system convention documented on :class:`Grading`."""
    deduct, caps, fail_codes = grading.deduct, grading.cap_per_rule, grading.fail_codes
    steps: dict[str, tuple[int, int] | None] = {}  # severity → (deduction, cap), None if nothing
    per_rule: dict[tuple[str, str], int] = {}
    has_error = failed = False
    for finding in findings:
        severity, code = finding.severity, finding.code
        if severity == "error":
            has_error = True
        if code in fail_codes:
            failed = True
        if severity in steps:
            rated = steps[severity]
        else:
            step = deduct.get(severity, 0)
            cap = caps.get(severity, step)
            # a severity that deducts nothing (info) leaves its slots at min(cap, 0) = 0
            rated = steps[severity] = None if step == 0 and cap >= 0 else (step, cap)
        if rated is not None:
            slot = (code, severity)
            per_rule[slot] = min(rated[1], per_rule.get(slot, 0) + rated[0])
    score = max(0, 100 - sum(per_rule.values()))
    if failed:
        return score, "差"
    if score >= grading.excellent and not has_error:
        return score, "优"
    if score >= grading.good:
        return score, "良"
    if score >= grading.fair:
        return score, "中"
    return score, "差"


def _form_report(view: FormView, findings: list[Finding], grading: Grading) -> FormReport:
    findings.sort(key=lambda f: (f.source.line or 0, f.code))
    score, letter = grade(findings, grading)
    form = view.form
    project = form if isinstance(form, ProjectForm) else None
    return FormReport(
        source=form.source,
        kind=form.kind,
        project_name=project.project_name if project else None,
        unit_name=None if project else form.unit_name,  # type: ignore[union-attr]
        department=project.department if project else None,
        implementing_unit=project.implementing_unit if project else None,
        year=form.year,
        score=score,
        grade=letter,
        findings=findings,
    )
