"""Writes that span domains: each flow calls the domain services and models of several apps in one transaction."""
