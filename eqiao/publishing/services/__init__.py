"""Services of the studio's desk, by area: articles (writing, locks, revisions), images,
screening (the automated review), review (the human workflow), publish (the gate, outlets,
schedule, withdrawal), digest (手机报), newsletter (检察室报), inbound (SMS replies)."""
