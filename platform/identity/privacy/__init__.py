"""The regency's privacy notice and each account's consent to it (UU 27/2022 on personal data
protection). Registration records the version a citizen accepted; the data-rights pages
(``kiblat.platform.privacy``) build on these tables."""
