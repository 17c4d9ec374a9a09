"""Pengumuman: the regency's public announcements (list, detail, RSS)."""

from kiblat.platform.modular.manifest import (
    ApiScope,
    Indicator,
    Localized,
    ModuleManifest,
    NavEntry,
    Permission,
    Role,
)

manifest = ModuleManifest(
    key="pengumuman",
    name=Localized("Pengumuman", "Announcements"),
    description=Localized(
        "Pengumuman resmi pemerintah daerah untuk warga, lengkap dengan umpan RSS.",
        "Official announcements of the regency for its citizens, with an RSS feed.",
    ),
    version="1.0.0",
    url_prefix="/pengumuman",
    blueprint="kiblat.modules.pengumuman.blueprint:bp",
    models="kiblat.modules.pengumuman.models",
    permissions=(
        Permission("pengumuman.publish", Localized("Menerbitkan pengumuman", "Publish announcements")),
    ),
    roles=(
        Role("humas", Localized("Humas (hubungan masyarakat)", "Public relations"), ("pengumuman.publish",)),
    ),
    settings_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "items_per_page": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10},
        },
    },
    navigation=(NavEntry(Localized("Pengumuman", "Announcements"), "pengumuman.index"),),
    seed="kiblat.modules.pengumuman.services.categories:seed",
    sample_data="kiblat.modules.pengumuman.sample:sample_data",
    demo_logins="kiblat.modules.pengumuman.sample:demo_logins",
    configuration_tables=("pengumuman_category",),
    public_tables=("pengumuman_announcement", "pengumuman_category", "pengumuman_attachment"),
    cli="kiblat.modules.pengumuman.cli:cli",
    api_scopes=(
        ApiScope("pengumuman.write", Localized("Menerbitkan pengumuman lewat API", "Publish announcements through the API")),
    ),
    http_api="kiblat.modules.pengumuman.http_api:api",
    monthly_price=750_000,
    smart_city=("governance", "society"),
    indicators=(
        Indicator(
            "announcements_per_month",
            Localized("Pengumuman per bulan", "Announcements per month"),
            Localized("pengumuman/bulan", "announcements/month"),
            "kiblat.modules.pengumuman.indicators:announcements_per_month",
        ),
    ),
    audit_actions={
        "pengumuman.create": Localized("Pengumuman diterbitkan", "Announcement published"),
        "pengumuman.update": Localized("Pengumuman diubah", "Announcement changed"),
        "pengumuman.withdraw": Localized("Pengumuman ditarik", "Announcement withdrawn"),
    },
)
