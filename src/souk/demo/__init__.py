"""The generated demo shop: products, its vocabulary and the index settings."""
