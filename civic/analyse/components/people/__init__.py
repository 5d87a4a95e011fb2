"""People: named persons with their roles and mentions, from a registry of recognizers and one merger."""

from civic.analyse.components.people.component import PeopleComponent, make_people
from civic.analyse.components.people.recognizers import DEFAULT_RECOGNIZERS, Candidate, Recognizer
from civic.analyse.components.people.registry import people_recognizers

__all__ = ["DEFAULT_RECOGNIZERS", "Candidate", "PeopleComponent", "Recognizer", "make_people", "people_recognizers"]
