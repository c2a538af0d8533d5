"""One item from end to end: an article or a file, fetched, read and taken in.

    fetch -> decode -> extract the article -> is it a meeting report?
          -> bot.core.ingest.ingest_text (digest; store unless it repeats a stored report
             word for word or nearly, bot.storage.intake; queue for subscribers: one door
             for every way a report comes in) -> leaders learnt

and what became of it is recorded against the source (`source_items`), so it is never
fetched twice and `bantin sources` / `/sources` can say why something was skipped, in
English and Vietnamese (bot.ingestion.reasons). Nothing an item does raises: its failure is
its outcome. Apart from the rounds (bot.ingestion.ingestor) because an admin's URL goes
through the same steps without any round.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from bot.core.ingest import Outcome, Quiet, Refusal, ingest_text
from bot.core.relevance import judge
from bot.core.services import Services
from bot.documents import DocumentError, document_text
from bot.documents.charset import decode_markup
from bot.ingestion import reasons
from bot.ingestion.article import Article, extract_article
from bot.ingestion.http import Fetcher, FetchError, NotModified
from bot.ingestion.leaders import learnt_facts
from bot.ingestion.outcomes import MAX_ATTEMPTS, ItemOutcome
from bot.ingestion.reasons import Reason
from bot.source_config import SourceConfig
from bot.storage import Duplicate

logger = logging.getLogger(__name__)


class ArticlePipeline:
    """Takes items in for the rounds of an `Ingestor`, on its services and HTTP client."""

    def __init__(self, services: Services, fetcher: Callable[[], Fetcher]) -> None:
        self.services = services
        self._fetcher = fetcher  # the Ingestor's client, opened when first needed
        # Items are taken in one at a time: the near-duplicate check and the insert must see
        # each other's reports (two sources carrying the same article in the same minute).
        self._ingesting = asyncio.Lock()

    async def file_item(
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
            return await self.finish(
                config, key, "failed", reasons.document(exc), title=path.name
            )
        return await self._ingest(config, key, text=text, title=title, url=None, label=label)

    @staticmethod
    def _html_article(data: bytes, charset: str | None, url: str | None) -> Article:
        return extract_article(decode_markup(data, charset), url=url)

    async def article_item(
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
            answer = await self._fetcher().get(
                url, timeout=config.timeout_seconds, max_bytes=config.max_bytes
            )
        except FetchError as exc:
            return await self._failed_fetch(config, url, exc, title)
        if isinstance(answer, NotModified):  # we sent no validators; a broken server
            return await self.finish(config, url, "retry", reasons.UNASKED_304, url=url)
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
            return await self.finish(
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
            return await self.finish(config, key, "failed", exc.why, url=key, title=title)
        seen = await self.services.store.sources.seen_items(config.name, [key])
        attempts = seen[key].attempts + 1 if key in seen else 1
        if attempts >= MAX_ATTEMPTS:
            reason = reasons.gave_up(exc.why, attempts)
            return await self.finish(config, key, "failed", reason, url=key, title=title)
        return await self.finish(config, key, "retry", exc.why, url=key, title=title)

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
                return await self.finish(
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
                return await self.finish(config, key, status, why, url=url, title=title)
            assert result.report_id is not None and result.report is not None
            if result.outcome is Outcome.DUPLICATE:
                near = result.duplicate is Duplicate.NEAR
                return await self.finish(
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
        outcome = await self.finish(
            config,
            key,
            "stored",
            note,
            url=url,
            title=title or result.report.title,
            report_id=result.report_id,
        )
        return replace(outcome, queued=result.queued, quiet=result.quiet)

    async def finish(
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
