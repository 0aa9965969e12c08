CLAIMS = {}  # the lab states no number about the model
