"""Channel adapters: each turns one platform's messages into core `Request`s and sends the
core's `Reply`s back, within that platform's limits. The core never imports from here.

- telegram: python-telegram-bot v22, HTML replies up to 4,096 characters, inline buttons.
- console: stdin/stdout, the plain-text flavour a Zalo adapter will send (2,000 characters).
"""
