"""The spiders: ``ofsted`` (reports.ofsted.gov.uk) and ``cafcass`` (www.cafcass.gov.uk)."""
