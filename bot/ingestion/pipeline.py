"""One polling round of a source, and one article from end to end.

For every item a source offers (a file, a feed entry's article, a list page's link):

    fetch -> decode -> extract the article -> is it a meeting report?
          -> bot.core.ingest.ingest_text (digest; store unless it repeats a stored report
             word for word or nearly, bot.storage.intake; queue for subscribers: one door
             for every way a report comes in) -> leaders learnt

and what became of it is recorded against the source (`source_items`), so it is never
fetched twice and `bantin sources` / `/sources` can say why something was skipped, in
English and Vietnamese (bot.ingestion.reasons). Nothing an item does can stop the round,
and nothing a source does can stop another source.

A round fails, and the source backs off, when the source itself failed (its feed or page
unreachable, its folder gone) or when every item it tried failed in a way that may pass
(timeouts, 5xx: the site is down). One bad file or one 404 article is that item's failure,
recorded and never retried; the source carries on and its last success is the round's.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from bot.core.ingest import Outcome, Quiet, Refusal, ingest_text
from bot.core.relevance import judge
from bot.core.services import Services
from bot.documents import REPORT_SUFFIXES, DocumentError, document_text
from bot.documents.charset import decode_markup
from bot.ingestion import reasons
from bot.ingestion.article import Article, extract_article
from bot.ingestion.feeds import FeedEntry, FeedError, parse_feed
from bot.ingestion.http import Fetched, Fetcher, FetchError, NotModified
from bot.ingestion.leaders import learnt_facts
from bot.ingestion.links import article_links, canonical_url
from bot.ingestion.reasons import Reason
from bot.source_config import SourceConfig, SourceKind
from bot.storage import Duplicate
from bot.storage.sources import SourceSetting, SourceState

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # an item failing this many rounds in a row (timeouts, 5xx) is given up
MAX_BACKOFF = timedelta(hours=12)
MANUAL_SOURCE = "manual"  # articles an admin ingests by URL that no configured source offered
FOLDER_SUFFIXES = REPORT_SUFFIXES
FINAL = frozenset({"stored", "duplicate", "skipped", "failed"})  # never tried again


@dataclass(frozen=True)
class ItemOutcome:
    key: str
    status: str  # stored | duplicate | skipped | failed | retry
    reason: str | None = None  # English, for operators
    report_id: int | None = None
    url: str | None = None
    title: str | None = None
    queued: int = 0  # deliveries queued for subscribers
    reason_vi: str | None = None  # the same for chat admins
    quiet: Quiet | None = None  # stored without pushing, and why

    @property
    def problem(self) -> bool:
        """Whether this item failed (for good, or for this round)."""
        return self.status in ("failed", "retry")


@dataclass
class RoundResult:
    source: str
    error: Reason | None = None  # the source itself failed (unreachable feed, broken XML ...)
    items: list[ItemOutcome] = field(default_factory=list)
    not_modified: bool = False
    backing_off_until: datetime | None = None  # set when the round did not run

    @property
    def failed(self) -> bool:
        """The source failed, or every item it tried failed in a way that may pass (the
        site is down). A lasting item failure (404, a bad file) fails only that item."""
        if self.error is not None:
            return True
        transient = [item for item in self.items if item.status == "retry"]
        return bool(transient) and all(item.problem for item in self.items)

    @property
    def problems(self) -> bool:
        return self.error is not None or any(item.problem for item in self.items)

    def summary(self) -> Reason:
        """What went wrong, in one line (the source's `last_error`)."""
        if self.error:
            return self.error
        problems = [i for i in self.items if i.problem]
        first = problems[0]
        where = first.url or first.key.split("#")[0]  # a file's key ends with its hash
        why = Reason(first.reason or "", first.reason_vi or first.reason or "")
        return why.at(where).with_more(len(problems) - 1)


class Progress:
    """What `bantin fetch` shows while a round runs; the default shows nothing."""

    def total(self, source: str, count: int) -> None: ...

    def advance(self, source: str, outcome: ItemOutcome) -> None: ...


def setting(config: SourceConfig) -> SourceSetting:
    return SourceSetting(
        name=config.name,
        kind=config.kind.value,
        location=config.location,
        province=config.province,
        interval_minutes=config.interval_minutes,
        enabled=config.enabled,
    )


def backoff(interval_minutes: float, failures: int) -> timedelta:
    """How long a source rests after `failures` failed rounds in a row: its interval,
    doubled per failure, at most 12 hours.

    >>> [backoff(30, n).total_seconds() / 3600 for n in (1, 3, 10)]
    [1.0, 4.0, 12.0]
    """
    return min(timedelta(minutes=interval_minutes) * 2 ** min(failures, 20), MAX_BACKOFF)


def _folder_files(folder: Path) -> list[Path]:
    return sorted(
        (p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES),
        key=lambda p: (p.stat().st_mtime_ns, str(p)),
    )


def _newest_first(entries: Sequence[FeedEntry]) -> list[FeedEntry]:
    dated = sorted((e for e in entries if e.published), key=lambda e: e.published, reverse=True)
    return dated + [e for e in entries if not e.published]


class Ingestor:
    """Runs rounds for configured sources on shared services and one HTTP client."""

    def __init__(
        self,
        services: Services,
        sources: Sequence[SourceConfig] = (),
        *,
        fetcher: Fetcher | None = None,
    ) -> None:
        self.services = services
        self.sources = {s.name: s for s in sources}
        self._given_fetcher = fetcher
        self._own_fetcher: Fetcher | None = None  # opened on the first fetch, closed by aclose
        # Items are taken in one at a time: the near-duplicate check and the insert must see
        # each other's reports (two sources carrying the same article in the same minute).
        self._ingesting = asyncio.Lock()

    async def sync(self) -> None:
        """Record the configured sources in the store (new, changed, removed)."""
        await self.services.store.sources.sync(
            [setting(s) for s in self.sources.values()], now=self.services.clock()
        )

    async def aclose(self) -> None:
        if self._own_fetcher is not None:
            await self._own_fetcher.aclose()
            self._own_fetcher = None

    @property
    def _fetcher(self) -> Fetcher:
        """The HTTP client: the one given, else one of its own, opened when first needed
        (the composition root builds one Ingestor per process, and most never fetch)."""
        if self._given_fetcher is not None:
            return self._given_fetcher
        if self._own_fetcher is None:
            self._own_fetcher = Fetcher()
        return self._own_fetcher

    # --- rounds ---------------------------------------------------------------------------

    async def poll(self, name: str) -> RoundResult:
        """A scheduled round: skipped while the source backs off after failures."""
        state = await self.services.store.sources.state(name)
        now = self.services.clock()
        if state is not None and state.next_attempt_at and now < state.next_attempt_at:
            return RoundResult(name, backing_off_until=state.next_attempt_at)
        return await self.run_source(name)

    async def run_source(self, name: str, *, progress: Progress | None = None) -> RoundResult:
        """One round now, whatever the backoff; never raises for the source's faults."""
        config = self.sources[name]
        state = await self.services.store.sources.state(name)
        progress = progress or Progress()
        result = RoundResult(name)
        validators: tuple[str | None, str | None] = (None, None)
        try:
            if config.kind is SourceKind.FOLDER:
                await self._folder_round(config, result, progress)
            elif config.kind is SourceKind.URL:
                await self._url_round(config, result, progress)
            else:
                validators = await self._listing_round(config, state, result, progress)
        except Exception as exc:  # a bug must not stop the other sources
            logger.exception("source %s: round failed", name)
            result.error = reasons.internal_error(type(exc).__name__, str(exc))
        await self._record_round(config, result, validators)
        return result

    async def _record_round(
        self, config: SourceConfig, result: RoundResult, validators: tuple[str | None, str | None]
    ) -> None:
        store, now = self.services.store, self.services.clock()
        if not result.failed:
            # Items that failed for good are recorded as the last error, without a backoff.
            problem = result.summary() if result.problems else None
            await store.sources.record_round(
                config.name,
                now=now,
                error=None,
                next_attempt_at=None,
                etag=validators[0],
                last_modified=validators[1],
                keep_validators=result.not_modified,
                item_error=problem.en if problem else None,
                item_error_vi=problem.vi if problem else None,
            )
            return
        state = await store.sources.state(config.name)
        failures = (state.failures if state else 0) + 1
        until = now + backoff(config.interval_minutes, failures)
        summary = result.summary()
        # Validators are kept from the last good round, so the next one fetches the listing
        # again and retries what failed instead of hearing "304 Not Modified".
        await store.sources.record_round(
            config.name,
            now=now,
            error=summary.en,
            error_vi=summary.vi,
            next_attempt_at=until,
            keep_validators=True,
        )
        logger.warning(
            "source %s: %s; next try after %s", config.name, summary.en, until.isoformat()
        )

    async def _folder_round(
        self, config: SourceConfig, result: RoundResult, progress: Progress
    ) -> None:
        folder = await asyncio.to_thread(Path(config.location).expanduser)
        if not await asyncio.to_thread(folder.is_dir):
            result.error = reasons.no_folder(str(folder))
            return
        files = await asyncio.to_thread(_folder_files, folder)
        keyed = []
        for path in files:
            try:
                data = await asyncio.to_thread(self._read_capped, path, config.max_bytes)
            except OSError as exc:
                why = reasons.unreadable(str(exc.strerror or exc))
                result.items.append(ItemOutcome(str(path), "retry", why.en, reason_vi=why.vi))
                continue
            relative = path.relative_to(folder).as_posix()
            digest = hashlib.sha256(data or b"").hexdigest()[:16]
            keyed.append((f"{relative}#{digest}", path, data))
        seen = await self.services.store.sources.seen_items(config.name, [k for k, _, _ in keyed])
        fresh = [(k, p, d) for k, p, d in keyed if k not in seen or seen[k].status not in FINAL]
        progress.total(config.name, len(fresh))
        for key, path, data in fresh:
            if data is None:
                outcome = await self._finish(
                    config,
                    key,
                    "failed",
                    reasons.too_large(f"{config.max_bytes // (1024 * 1024)} MB"),
                )
            else:
                outcome = await self._file_item(config, key, path, data)
            result.items.append(outcome)
            progress.advance(config.name, outcome)

    @staticmethod
    def _read_capped(path: Path, max_bytes: int) -> bytes | None:
        if path.stat().st_size > max_bytes:
            return None
        return path.read_bytes()

    async def _file_item(
        self, config: SourceConfig, key: str, path: Path, data: bytes
    ) -> ItemOutcome:
        label = f"file:{path}"
        try:
            if path.suffix.lower() in (".html", ".htm"):
                article = await asyncio.to_thread(self._html_article, data, None, None)
                title, text = article.title, article.text
            else:
                text = await asyncio.to_thread(document_text, data, filename=path.name)
                title = text.strip().split("\n", 1)[0][:200]
        except DocumentError as exc:
            return await self._finish(
                config, key, "failed", reasons.document(exc), title=path.name
            )
        return await self._ingest(config, key, text=text, title=title, url=None, label=label)

    async def _url_round(
        self, config: SourceConfig, result: RoundResult, progress: Progress
    ) -> None:
        url = canonical_url(config.location)
        seen = await self.services.store.sources.seen_items(config.name, [url])
        if url in seen and seen[url].status in FINAL:
            progress.total(config.name, 0)
            return
        progress.total(config.name, 1)
        outcome = await self._article_item(config, url, title=None)
        result.items.append(outcome)
        progress.advance(config.name, outcome)

    async def _listing_round(
        self,
        config: SourceConfig,
        state: SourceState | None,
        result: RoundResult,
        progress: Progress,
    ) -> tuple[str | None, str | None]:
        """A feed or list page: fetch it (conditionally), then every new article in it."""
        try:
            answer = await self._fetcher.get(
                config.location,
                timeout=config.timeout_seconds,
                max_bytes=config.max_bytes,
                etag=state.etag if state else None,
                last_modified=state.last_modified if state else None,
            )
        except FetchError as exc:
            result.error = exc.why
            return None, None
        if isinstance(answer, NotModified):
            result.not_modified = True
            progress.total(config.name, 0)
            return None, None
        if config.kind is SourceKind.FEED:
            targets = await self._feed_targets(config, answer, result)
        else:
            targets = await self._page_targets(config, answer, result)
        if result.error:
            return None, None
        seen = await self.services.store.sources.seen_items(
            config.name, [key for key, _, _, _ in targets]
        )
        fresh = [t for t in targets if t[0] not in seen or seen[t[0]].status not in FINAL]
        fresh = fresh[: config.max_items]
        progress.total(config.name, len(fresh))
        for key, url, title, note in fresh:
            if url is None:
                outcome = await self._finish(config, key, "failed", note, title=title)
            else:
                outcome = await self._article_item(config, url, title=title, note=note)
            result.items.append(outcome)
            progress.advance(config.name, outcome)
        return answer.etag, answer.last_modified

    async def _feed_targets(
        self, config: SourceConfig, answer: Fetched, result: RoundResult
    ) -> list[tuple[str, str | None, str | None, Reason | None]]:
        try:
            entries = parse_feed(answer.content, base_url=answer.url, charset=answer.charset)
        except FeedError as exc:
            result.error = exc.why
            return []
        targets = []
        for entry in _newest_first(entries):
            if entry.link is None:
                targets.append((entry.key, None, entry.title, reasons.ENTRY_WITHOUT_LINK))
                continue
            url = canonical_url(entry.link)
            note = None
            if entry.published is None:
                note = reasons.ENTRY_WITHOUT_DATE
                logger.info("source %s: entry %s has no date", config.name, url)
            targets.append((url, url, entry.title, note))
        return targets

    async def _page_targets(
        self, config: SourceConfig, answer: Fetched, result: RoundResult
    ) -> list[tuple[str, str | None, str | None, Reason | None]]:
        markup = decode_markup(answer.content, answer.charset)
        links = await asyncio.to_thread(article_links, markup, page_url=answer.url)
        if not links:
            result.error = reasons.NO_LINKS
        return [(url, url, None, None) for url in links]

    # --- one article ------------------------------------------------------------------------

    @staticmethod
    def _html_article(data: bytes, charset: str | None, url: str | None) -> Article:
        return extract_article(decode_markup(data, charset), url=url)

    async def _article_item(
        self,
        config: SourceConfig,
        url: str,
        *,
        title: str | None,
        note: Reason | None = None,
        force: bool = False,
        province: str | None = None,
        push: bool = True,
    ) -> ItemOutcome:
        try:
            answer = await self._fetcher.get(
                url, timeout=config.timeout_seconds, max_bytes=config.max_bytes
            )
        except FetchError as exc:
            return await self._failed_fetch(config, url, exc, title)
        if isinstance(answer, NotModified):  # we sent no validators; a broken server
            return await self._finish(config, url, "retry", reasons.UNASKED_304, url=url)
        try:
            if answer.content_type in ("text/plain",):
                text = await asyncio.to_thread(
                    document_text, answer.content, filename="article.txt"
                )
                article_title = text.strip().split("\n", 1)[0][:200]
            else:
                article = await asyncio.to_thread(
                    self._html_article, answer.content, answer.charset, answer.url
                )
                text, article_title = article.text, article.title
        except DocumentError as exc:
            return await self._finish(
                config, url, "failed", reasons.document(exc), url=url, title=title
            )
        return await self._ingest(
            config,
            url,
            text=text,
            title=article_title or title,
            url=url,
            label=url,
            note=note,
            force=force,
            province=province,
            push=push,
        )

    async def _failed_fetch(
        self, config: SourceConfig, key: str, exc: FetchError, title: str | None
    ) -> ItemOutcome:
        if exc.lasting:
            return await self._finish(config, key, "failed", exc.why, url=key, title=title)
        seen = await self.services.store.sources.seen_items(config.name, [key])
        attempts = seen[key].attempts + 1 if key in seen else 1
        if attempts >= MAX_ATTEMPTS:
            reason = reasons.gave_up(exc.why, attempts)
            return await self._finish(config, key, "failed", reason, url=key, title=title)
        return await self._finish(config, key, "retry", exc.why, url=key, title=title)

    async def _ingest(
        self,
        config: SourceConfig,
        key: str,
        *,
        text: str,
        title: str | None,
        url: str | None,
        label: str,
        note: Reason | None = None,
        force: bool = False,
        province: str | None = None,
        push: bool = True,
    ) -> ItemOutcome:
        """Relevance, near-duplicates, then the one shared door into the store."""
        if not force:
            verdict = judge(title, text)
            if not verdict.relevant:
                return await self._finish(
                    config,
                    key,
                    "skipped",
                    reasons.not_a_report(verdict.reason, verdict.reason_vi),
                    url=url,
                    title=title,
                )
        province = province or config.province
        async with self._ingesting:
            result = await ingest_text(
                self.services,
                text,
                source=label,
                province_hint=province,
                force=force,
                push=push,
            )
            if result.outcome is Outcome.REFUSED:
                status = "skipped" if result.refusal is Refusal.NOT_A_REPORT else "failed"
                why = Reason(result.detail_en or "", result.detail_vi or result.detail_en or "")
                if result.refusal is Refusal.NOT_A_REPORT:
                    why = Reason(why.en, f"không phải báo cáo hội nghị: {why.vi}")
                return await self._finish(config, key, status, why, url=url, title=title)
            assert result.report_id is not None and result.report is not None
            if result.outcome is Outcome.DUPLICATE:
                near = result.duplicate is Duplicate.NEAR
                return await self._finish(
                    config,
                    key,
                    "duplicate",
                    (reasons.near_duplicate if near else reasons.same_text)(result.report_id),
                    url=url,
                    title=title,
                    report_id=result.report_id,
                )
        facts = learnt_facts(result.report, source=label)
        if facts:
            added = await self.services.store.leaders.add(facts, report_id=result.report_id)
            logger.info("report %d: %d leader facts learnt", result.report_id, added)
        if result.quiet is Quiet.OLD:
            note = reasons.stored_quietly(
                f"the meeting is older than {result.max_age_days} days",
                f"cuộc họp đã cách đây hơn {result.max_age_days} ngày",
            )
        elif result.quiet is Quiet.OLD_PERIOD:
            note = reasons.stored_quietly(
                "no meeting year stated and the period it reviews ended over a year ago",
                "không nêu năm họp, và kỳ báo cáo đã kết thúc hơn một năm trước",
            )
        elif result.quiet is Quiet.BACKFILL:
            note = reasons.stored_quietly("archive mode", "chế độ lưu trữ")
        outcome = await self._finish(
            config,
            key,
            "stored",
            note,
            url=url,
            title=title or result.report.title,
            report_id=result.report_id,
        )
        return replace(outcome, queued=result.queued, quiet=result.quiet)

    async def _finish(
        self,
        config: SourceConfig,
        key: str,
        status: str,
        reason: Reason | None,
        *,
        url: str | None = None,
        title: str | None = None,
        report_id: int | None = None,
    ) -> ItemOutcome:
        en = reason.en if reason else None
        vi = reason.vi if reason else None
        await self.services.store.sources.record_item(
            config.name,
            key,
            status=status,
            now=self.services.clock(),
            url=url,
            title=title,
            reason=en,
            reason_vi=vi,
            report_id=report_id,
        )
        if status in ("failed", "retry"):
            logger.warning("source %s: %s: %s", config.name, url or key, en)
        elif status == "skipped":
            logger.info("source %s: skipped %s: %s", config.name, url or key, en)
        return ItemOutcome(key, status, en, report_id, url, title, reason_vi=vi)

    # --- an admin's URL ---------------------------------------------------------------------

    async def ingest_url(
        self, url: str, *, force: bool = True, province: str | None = None, push: bool = True
    ) -> ItemOutcome:
        """Fetch one article now and take it in, relevant or not when `force` (an admin
        asked for it). Recorded against every source that offered it before, else against
        the "manual" source; a configured source on the same site lends its province."""
        url = canonical_url(url)
        store = self.services.store
        states = await store.sources.states()
        province = province or _province_for(url, states)
        config = self._manual_config()
        await store.sources.ensure(setting(config), now=self.services.clock())
        outcome = await self._article_item(
            config, url, title=None, force=force, province=province, push=push
        )
        stored = outcome.status == "stored"
        for item in await store.sources.items_for_url(url):
            if item.source != config.name:
                await store.sources.record_item(
                    item.source,
                    item.key,
                    status=outcome.status,
                    now=self.services.clock(),
                    url=item.url,
                    title=outcome.title or item.title,
                    reason=reasons.FORCED_IN.en if stored else outcome.reason,
                    reason_vi=reasons.FORCED_IN.vi if stored else outcome.reason_vi,
                    report_id=outcome.report_id,
                )
        return outcome

    def _manual_config(self) -> SourceConfig:
        return SourceConfig(
            name=MANUAL_SOURCE,
            kind=SourceKind.URL,
            location="http://manual.invalid/",
            enabled=False,
            interval_minutes=60 * 24,
        )


def _province_for(url: str, states: Sequence[SourceState]) -> str | None:
    """The province of a configured web source on the same site as `url`, if exactly one."""
    host = urlsplit(url).netloc.lower().removeprefix("www.")
    provinces = {
        s.province
        for s in states
        if s.province
        and s.kind != "folder"
        and urlsplit(s.location).netloc.lower().removeprefix("www.") == host
    }
    return provinces.pop() if len(provinces) == 1 else None


ProgressFactory = Callable[[str], Progress]
