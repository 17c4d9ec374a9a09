"""Kenang Lemu (Kenali Deliserdang Melalui Museum): the regency museum online."""
