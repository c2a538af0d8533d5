"""Ingestion: reports arriving by themselves from folders, RSS/Atom feeds and portal pages.

    ingestor = Ingestor(services, settings.sources)        # built once, by bot.app
    ingestion = await start_ingestion(ingestor)            # inside `bantin bot`
    result = await ingestor.run_source("baothainguyen")

Modules: `http` (fetching with caps and conditional GET), `feeds`, `links` (list pages),
`article` (extraction), `leaders` (learning), `targets` (what a folder, feed or page offers),
`pipeline` (one item end to end), `ingestor` (rounds, backoff, an admin's URL), `outcomes`
(what a round reports), `scheduler`. Near-duplicates
are the storage's (bot.storage.dedupe), the `[[sources]]` model is configuration
(bot.source_config), what counts as a meeting report is the core's (bot.core.relevance),
decoding is bot.documents'.
"""
