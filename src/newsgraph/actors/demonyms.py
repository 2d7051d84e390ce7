"""Demonyms: what part of the country does "Iranian ..." name?"""

from __future__ import annotations

from spacy.tokens import Doc

_SECTOR_WORDS = {
    "MIL": "military army armed forces force troops soldiers airstrikes airstrike strikes strike "
           "jets warplanes warships navy naval drones drone missiles missile artillery defence "
           "defense air commanders generals bombing bombardment attack attacks raids raid "
           "fighter fighters-jets tanks",
    "GOV": "officials official government governments ministry ministries minister ministers "
           "authorities diplomats diplomat diplomatic administration leadership presidential "
           "president envoy envoys embassy delegation spokesman spokeswoman regime cabinet "
           "counterparts negotiators leaders leader state foreign",
    "COP": "police policemen",
    "OPP": "opposition protesters protestors dissidents activists demonstrators",
    "REB": "rebels militants insurgents militia militias guerrillas",
    "MED": "media journalists press television tv newspaper reporters broadcaster",
    "JUD": "court courts judge judges prosecutors judiciary",
    "LEG": "parliament lawmakers legislators parliamentarians mps senators congress",
    "BUS": "companies firms businesses company firm banks investors exporters",
    "CVL": "civilians citizens people population residents public nationals students families",
    "SPY": "intelligence spies spy",
    "EDU": "scientists researchers universities academics",
    "REF": "refugees migrants",
}
SECTOR_OF_WORD = {w: s for s, words in _SECTOR_WORDS.items() for w in words.split()}


def sector_after(doc: Doc, end: int) -> str | None:
    """The sector named by the noun a demonym modifies: "Israeli airstrikes" -> MIL."""
    for t in doc[end:end + 4]:
        if t.lower_ in SECTOR_OF_WORD:
            return SECTOR_OF_WORD[t.lower_]
        if t.is_punct and t.text not in (",", "-") or t.is_space:
            return None
    return None
