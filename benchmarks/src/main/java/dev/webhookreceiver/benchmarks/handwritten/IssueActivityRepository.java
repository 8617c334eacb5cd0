package dev.webhookreceiver.benchmarks.handwritten;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The hand-written app's handler rows.
 */
public interface IssueActivityRepository extends JpaRepository<IssueActivity, Long> {

}
