"""The learned layer: per-line features, a JSON logistic model, and a context pass.

Inference is pure Python (``math`` only); training (:mod:`cleantext.model.train`) imports numpy
and scikit-learn inside its functions, so importing this package never needs them.
"""

from cleantext.model.linear import LineModel, load_model

__all__ = ["LineModel", "load_model"]
