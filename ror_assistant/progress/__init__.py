"""Campaign tracking: ANS peuplement status per UE and EG, campaign dates, dashboard outputs.

The TUI dashboard and ``ror-assistant progress`` read the same data (see
docs/structure-and-progress.md)::

    with db.read() as session:
        sites = dashboard(session, load_catalog())        # list[SiteProgress]
    print(render_table(sites))

Campaign dates are written with :func:`set_campaign` inside ``db.write(user)``.
"""

from ror_assistant.progress.campaign import CAMPAIGN_DATES, campaign_of, effective_campaign, set_campaign
from ror_assistant.progress.dashboard import (
    CampaignDates,
    SiteProgress,
    UnitProgress,
    dashboard,
    site_description,
    site_progress,
)
from ror_assistant.progress.render import csv_rows, render_csv, render_html, render_table

__all__ = [
    "CAMPAIGN_DATES", "CampaignDates", "SiteProgress", "UnitProgress", "campaign_of", "csv_rows", "dashboard",
    "effective_campaign", "render_csv", "render_html", "render_table", "set_campaign", "site_description",
    "site_progress",
]
