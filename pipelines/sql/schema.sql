-- The warehouse contract: every table the read side may use, with its meaning.
-- docs/warehouse.md describes the same tables for people; tests/pipelines/test_warehouse_contract.py
-- keeps the two in step.

CREATE TABLE country (
    iso3 VARCHAR NOT NULL,            -- ISO 3166 alpha-3 (World Bank code for Kosovo: XKX; aggregates: World Bank codes)
    name VARCHAR NOT NULL,            -- English short name (OIC reference for members and observers, else World Bank)
    name_fr VARCHAR,                  -- French short name (CLDR), members and observers only
    name_ar VARCHAR,                  -- Arabic short name (CLDR), members and observers only
    is_aggregate BOOLEAN NOT NULL,    -- a World Bank or ILO aggregate (WLD, ARB, ...), not an economy
    is_oic_member BOOLEAN NOT NULL,
    is_observer BOOLEAN NOT NULL,
    oic_accession_year INTEGER,       -- year of joining the OIC (members)
    observer_since INTEGER,           -- year of observer status (observers)
    wb_region VARCHAR,                -- World Bank region (2025 country metadata)
    wb_income_group VARCHAR,          -- World Bank income group (2025 country metadata)
    sesric_region VARCHAR,            -- SESRIC sub-region; blank until a source defines it
    name_source VARCHAR NOT NULL      -- where the name comes from
);

CREATE TABLE indicator (
    code VARCHAR NOT NULL,            -- the publisher's own code (SL.UEM.TOTL.ZS, UNE_DEAP_SEX_AGE_RT)
    source VARCHAR NOT NULL,          -- worldbank_wdi | ilostat
    source_name VARCHAR NOT NULL,     -- publisher, as shown under a chart
    concept VARCHAR NOT NULL,         -- groups the sex / age variants of one measure
    title VARCHAR NOT NULL,
    publisher_title VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    short_unit VARCHAR NOT NULL,
    definition VARCHAR NOT NULL,
    sex VARCHAR[] NOT NULL,           -- sexes the series has
    age VARCHAR[] NOT NULL,           -- age groups the series has
    estimate_type VARCHAR NOT NULL,   -- ilo_modelled | national | compiled
    decimals INTEGER NOT NULL,
    higher_is_better BOOLEAN,         -- NULL: no judgement
    valid_min DOUBLE,
    valid_max DOUBLE,
    aggregation VARCHAR NOT NULL,     -- weighted_mean | sum | none
    weight_indicator VARCHAR,         -- weight_definition.code used by the aggregation rule
    aggregation_note VARCHAR NOT NULL,
    caveats VARCHAR[] NOT NULL,
    vintage VARCHAR NOT NULL,         -- the release the values come from ("Last Updated Date" for the World Bank)
    first_year INTEGER,
    last_year INTEGER
);

CREATE TABLE weight_definition (
    code VARCHAR NOT NULL,            -- e.g. LABOUR_FORCE_15PLUS
    title VARCHAR NOT NULL,
    unit VARCHAR NOT NULL,
    formula VARCHAR NOT NULL,         -- in terms of publisher codes
    note VARCHAR NOT NULL             -- releases used, years covered
);

CREATE TABLE observation (
    iso3 VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,  -- indicator.code: the publisher's own code
    sex VARCHAR NOT NULL,             -- total | female | male
    age VARCHAR NOT NULL,             -- 15+, 15-24, 25+, 15-64, 0-14, 65+, all
    year INTEGER NOT NULL,
    value DOUBLE NOT NULL,            -- in indicator.unit; a missing value has no row, never 0
    source VARCHAR NOT NULL,          -- the file it came from (dataset.file)
    vintage VARCHAR NOT NULL,
    estimate_type VARCHAR NOT NULL,   -- ilo_modelled | national | compiled
    survey VARCHAR,                   -- ILOSTAT survey type (LFS, HS, HIES, PC, OE, ADM, ILO)
    obs_status VARCHAR,               -- ILOSTAT flag: Break in series, Unreliable
    note VARCHAR                      -- ILOSTAT notes on the value
);

CREATE TABLE weight_series (
    iso3 VARCHAR NOT NULL,
    weight_code VARCHAR NOT NULL,     -- weight_definition.code
    year INTEGER NOT NULL,
    value DOUBLE NOT NULL             -- persons
);

CREATE TABLE country_group (
    group_code VARCHAR NOT NULL,      -- OIC, WLD, World Bank aggregate codes, ILO_X.. ILO regions
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,            -- computed (from members, here) | published (by the source)
    publisher VARCHAR NOT NULL
);

CREATE TABLE group_member (
    group_code VARCHAR NOT NULL,      -- computed groups only
    iso3 VARCHAR NOT NULL
);

CREATE TABLE group_aggregate (
    group_code VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL,
    sex VARCHAR NOT NULL,
    age VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    value DOUBLE,                     -- NULL where coverage is below the threshold (not published)
    coverage DOUBLE,                  -- share of the group's weight held by members with data (computed groups)
    n_members INTEGER,                -- members in the group
    n_members_weight_known INTEGER,   -- members whose weight is known that year
    n_members_with_data INTEGER,      -- members with both a value and a weight that year
    method VARCHAR NOT NULL,          -- e.g. "weighted_mean by LABOUR_FORCE_15PLUS" or "published by World Bank WDI"
    source VARCHAR NOT NULL,
    vintage VARCHAR NOT NULL
);

CREATE TABLE event (
    event_id VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL,      -- meeting | nfp_meeting | training_course | training_workshop | workshop | webinar
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    city VARCHAR,                     -- nominal venue (SESRIC's city for virtual events)
    country_name VARCHAR,
    country_iso3 VARCHAR,
    modality VARCHAR,                 -- in_person | virtual | hybrid
    participants INTEGER,             -- NULL: the source does not say
    member_countries INTEGER,         -- NULL: the source does not say
    organisers_partners VARCHAR,
    funding VARCHAR,
    source_url VARCHAR,
    notes VARCHAR,
    registered INTEGER,               -- persons on the secretariat's uploaded registration lists; NULL: none uploaded
    attended INTEGER                  -- persons recorded as attending in uploaded lists; NULL: none uploaded or incomplete
);

CREATE TABLE participation (
    event_id VARCHAR NOT NULL,
    iso3 VARCHAR,                     -- NULL only for a participant without an ISO code (Turkish Cypriot State)
    country_name VARCHAR NOT NULL,    -- as the source writes it
    role VARCHAR NOT NULL,            -- host | chair | trainer | participant
    participants INTEGER,             -- headcount from that country; NULL: not stated
    source_url VARCHAR,
    source_file VARCHAR               -- dataset.file the row (or its headcount) comes from
);

CREATE TABLE attendance (
    event_id VARCHAR NOT NULL,
    iso3 VARCHAR NOT NULL,
    country_name VARCHAR NOT NULL,    -- the reference English name of iso3
    institution VARCHAR,              -- as the list writes it (whitespace tidied); NULL: not given
    sex VARCHAR NOT NULL,             -- female | male | not_stated
    registered INTEGER,               -- persons registered; NULL: the list does not record registration
    attended INTEGER,                 -- persons who took part; NULL: not recorded (or a headcount not stated)
    list_kind VARCHAR NOT NULL,       -- attendance | registration | counts
    source_file VARCHAR NOT NULL,     -- dataset.file: the de-identified public file of one upload
    registered_fewer_than INTEGER,    -- 5: registered withheld as a small cell ("fewer than 5"); NULL: not withheld
    attended_fewer_than INTEGER       -- 5: attended withheld as a small cell ("fewer than 5"); NULL: not withheld
);

CREATE TABLE country_shape (
    shape_key VARCHAR NOT NULL,       -- iso3, or "NE:<name>" for a Natural Earth shape without a code
    iso3 VARCHAR,
    name VARCHAR NOT NULL,
    geometry VARCHAR NOT NULL         -- GeoJSON MultiPolygon (longitude, latitude in degrees), simplified
);

CREATE TABLE dataset (
    file VARCHAR NOT NULL,            -- path under data/, or uploads/<name> for an upload
    source VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    publisher VARCHAR NOT NULL,
    url VARCHAR NOT NULL,
    repository VARCHAR,
    "commit" VARCHAR,
    repository_path VARCHAR,
    licence VARCHAR NOT NULL,
    vintage VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    rows_loaded INTEGER,              -- values or records taken from the file
    loaded_at TIMESTAMP NOT NULL
);

CREATE TABLE build_info (
    key VARCHAR NOT NULL,
    value VARCHAR NOT NULL
);
