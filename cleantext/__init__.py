"""cleantext: strip site chrome from the plain text of scraped news articles.

>>> import cleantext
>>> cleantext.clean("Share\\n\\nCalais deal signed\\n\\nAdvertisement\\n")
'Calais deal signed\\n'
"""

from cleantext.cleaner import Cleaner, clean, clean_and_explain
from cleantext.config import Config
from cleantext.html import clean_html
from cleantext.result import Cleaned, Decision, Metadata
from cleantext.rules.schema import Rule, RulePackError, load_pack

__version__ = "0.1.0"

__all__ = [
    "Cleaned",
    "Cleaner",
    "Config",
    "Decision",
    "Metadata",
    "Rule",
    "RulePackError",
    "__version__",
    "clean",
    "clean_and_explain",
    "clean_html",
    "load_pack",
]
