CLAIMS = {}  # the page states no number about the model
