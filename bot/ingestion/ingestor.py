"""`Ingestor`: polling rounds of the configured sources, and an admin's URL taken in now.

A round lists what a source offers (bot.ingestion.targets), skips what `source_items`
records as done, and hands every new item to the article pipeline (bot.ingestion.pipeline).
Nothing an item does can stop the round, and nothing a source does can stop another source.

A round fails, and the source backs off, when the source itself failed (its feed or page
unreachable, its folder gone) or when every item it tried failed in a way that may pass
(timeouts, 5xx: the site is down). One bad file or one 404 article is that item's failure,
recorded and never retried; the source carries on and its last success is the round's.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from bot.core.services import Services
from bot.ingestion import reasons
from bot.ingestion.http import Fetcher, FetchError, NotModified
from bot.ingestion.links import canonical_url
from bot.ingestion.outcomes import FINAL, ItemOutcome, Progress, RoundResult, backoff, setting
from bot.ingestion.pipeline import ArticlePipeline
from bot.ingestion.targets import feed_targets, folder_files, page_targets, read_capped
from bot.source_config import SourceConfig, SourceKind
from bot.storage.sources import SourceState

logger = logging.getLogger(__name__)

MANUAL_SOURCE = "manual"  # articles an admin ingests by URL that no configured source offered


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
        self._items = ArticlePipeline(services, lambda: self._fetcher)

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
        files = await asyncio.to_thread(folder_files, folder)
        keyed = []
        for path in files:
            try:
                data = await asyncio.to_thread(read_capped, path, config.max_bytes)
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
                outcome = await self._items.finish(
                    config,
                    key,
                    "failed",
                    reasons.too_large(f"{config.max_bytes // (1024 * 1024)} MB"),
                )
            else:
                outcome = await self._items.file_item(config, key, path, data)
            result.items.append(outcome)
            progress.advance(config.name, outcome)

    @staticmethod
    def _read_capped(path: Path, max_bytes: int) -> bytes | None:
        if path.stat().st_size > max_bytes:
            return None
        return path.read_bytes()

    async def _url_round(
        self, config: SourceConfig, result: RoundResult, progress: Progress
    ) -> None:
        url = canonical_url(config.location)
        seen = await self.services.store.sources.seen_items(config.name, [url])
        if url in seen and seen[url].status in FINAL:
            progress.total(config.name, 0)
            return
        progress.total(config.name, 1)
        outcome = await self._items.article_item(config, url, title=None)
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
            targets = await feed_targets(config, answer, result)
        else:
            targets = await page_targets(config, answer, result)
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
                outcome = await self._items.finish(config, key, "failed", note, title=title)
            else:
                outcome = await self._items.article_item(config, url, title=title, note=note)
            result.items.append(outcome)
            progress.advance(config.name, outcome)
        return answer.etag, answer.last_modified

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
        outcome = await self._items.article_item(
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
