"""Writes that span domains (like zulip's zerver/actions): each flow runs in one transaction, writes through the
domain services, refreshes the client once (flows.refresh) and queues side effects after commit.

Views, the API, admin, commands and tasks call a flow where a write reaches beyond its own app; a domain's
services never import a flow or another domain's services. A flow named like a domain service (client_create,
order_record, ...) is that service plus what follows from it elsewhere: callers above use the flow.
"""
