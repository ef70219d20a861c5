"""Schemathesis hooks for the Chef Galaxy API contract (loaded by run.sh).

JSON Schema counts 155.0 as an integer; serde, like most typed servers, reads an integer
field only from an integer literal. The generator's whole-number floats are sent as the
integers they equal, so a valid case stays valid on the wire.
"""

import schemathesis


def _whole_numbers_as_integers(value):
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    if isinstance(value, list):
        return [_whole_numbers_as_integers(item) for item in value]
    if isinstance(value, dict):
        return {key: _whole_numbers_as_integers(item) for key, item in value.items()}
    return value


@schemathesis.hook
def before_call(context, case, kwargs):
    if isinstance(case.body, (dict, list, float)):
        case.body = _whole_numbers_as_integers(case.body)
