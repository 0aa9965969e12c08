from tests.docs.claims.helpers import not_model

CLAIMS = {
    "3.11": not_model("the Python version the project needs"),
    "150 %": not_model("the browser zoom suggested for a projector"),
}
