"""One small async function per command: parse the argument, ask the store, render a reply.

Every handler has the signature `(services, request, args) -> Reply`; the `Conversation`
has already checked admin rights, argument length and markup, and presence of a required
argument.
"""
