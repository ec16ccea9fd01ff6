"""The web pages (storefront, seller, admin): built from ``web/`` into ``dist/`` by vite."""
