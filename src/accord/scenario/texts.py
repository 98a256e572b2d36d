"""Historical texts: documents the parties actually drafted, written in the scenario.

A `HistoricalText` names a real document (a draft, a communiqué, a joint text) and the
option it chose on each issue. Where the document left an issue open in brackets, the
issue lists the alternatives (``guarantee_mechanism: [individual_binding_3day,
consensus_of_all_guarantors]``); an issue the document does not mention at all is
open over every option of the issue. Either way the text stands for a set of outcomes,
its alternatives, and is scored over all of them (`accord.analysis.texts`).
"""

import datetime as dt

from pydantic import BaseModel, Field

from accord.scenario._config import MODEL
from accord.scenario._refs import Id, Pattern, SourceRef

__all__ = ["HistoricalText"]


class HistoricalText(BaseModel):
    """A document the parties drafted, exchanged or signed, as a (partial) outcome."""

    model_config = MODEL

    id: Id = Field(description="Text id (variants address it as texts.<id>).")
    name: str = Field(min_length=1, description="Readable name, e.g. 'Istanbul Communique'.")
    date: dt.date = Field(description="Day the document was tabled or published.")
    description: str | None = Field(None, description="What the document is and who wrote it.")
    options: Pattern = Field(
        description="The option the document chose on each issue; a list of options is a "
        "bracket (alternatives left open). Issues left out are not settled by the document "
        "and count as brackets over all their options."
    )
    sources: tuple[SourceRef, ...] = Field((), description="Ids of supporting sources.")
