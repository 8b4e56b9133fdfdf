-- The network step: what the secretariat's uploaded lists (table attendance) add to participation
-- and event. Published rows stay as published: a list fills a headcount the public record left
-- blank, and adds the countries the record did not name, as participants. Unknown stays NULL.

UPDATE participation SET source_file = 'pesnet/participation.csv' WHERE source_file IS NULL;

-- Persons who took part, by event and country. A country's headcount is known only when every
-- row of it is (a counts list may name a country without its number).
CREATE TEMP TABLE attended_by_country AS
SELECT event_id, iso3,
       CASE WHEN count(attended) = count(*) THEN sum(attended) END AS attended,
       min(source_file) AS source_file
FROM attendance
WHERE list_kind IN ('attendance', 'counts')
GROUP BY event_id, iso3
HAVING sum(attended) > 0 OR count(attended) < count(*);

UPDATE participation AS p
SET participants = a.attended, source_file = a.source_file
FROM attended_by_country AS a
WHERE p.event_id = a.event_id AND p.iso3 = a.iso3 AND p.role = 'participant'
  AND p.participants IS NULL AND a.attended IS NOT NULL;

INSERT INTO participation (event_id, iso3, country_name, role, participants, source_url, source_file)
SELECT a.event_id, a.iso3, c.name, 'participant', a.attended, NULL, a.source_file
FROM attended_by_country AS a
JOIN country AS c USING (iso3)
WHERE NOT EXISTS (SELECT 1 FROM participation AS p
                  WHERE p.event_id = a.event_id AND p.iso3 = a.iso3 AND p.role = 'participant')
ORDER BY a.event_id, c.name;

-- An event's totals from its lists: attended only when every attendance row has its count.
UPDATE event AS e
SET registered = totals.registered, attended = totals.attended
FROM (
    SELECT event_id,
           CASE WHEN count(registered_fewer_than) = 0 THEN sum(registered) END AS registered,
           CASE WHEN count(*) FILTER (WHERE list_kind <> 'registration') > 0
                 AND count(attended) FILTER (WHERE list_kind <> 'registration')
                     = count(*) FILTER (WHERE list_kind <> 'registration')
                THEN sum(attended) FILTER (WHERE list_kind <> 'registration') END AS attended
    FROM attendance
    GROUP BY event_id
) AS totals
WHERE e.event_id = totals.event_id;

DROP TABLE attended_by_country;
