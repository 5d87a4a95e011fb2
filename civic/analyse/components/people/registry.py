"""The registry of people recognizers, in spaCy's registry (`spacy.registry.civic_people_recognizers`).

`pipeline.cfg` names the recognizers the `civic_people` component runs; each name is looked up here.
A user adds one by registering a class or function with the same signature as the built-in ones:

    from civic.analyse.components.people import Candidate, Recognizer, people_recognizers

    @people_recognizers.register("address")
    class AddressRecognizer(Recognizer):
        name, score = "address", 0.5
        def spans(self, doc):
            ...

and naming it in the config: `{"civic_people.recognizers": [..., "address"]}`. Packages can also
register through the entry-point group `thinc_civic_people_recognizers`.
"""

from __future__ import annotations

from spacy.util import registry

REGISTRY_NAME = "civic_people_recognizers"

if not hasattr(registry, REGISTRY_NAME):
    registry.create(REGISTRY_NAME, entry_points=True)

people_recognizers = getattr(registry, REGISTRY_NAME)
