"""Browser pages of the vervolgdiensten; each module declares its views, `diensten.urls` routes them."""
